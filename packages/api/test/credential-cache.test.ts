import { AppDeps, ManualClock } from "@outbound/api";
import { schema } from "@outbound/db";
import { callerFor, callerWith, createTestTenant, sessionFor, useTestDatabase } from "@outbound/testing";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CREDENTIAL_CACHE_TTL_MS } from "../src/services/auth/credential-cache.js";
import { hashToken } from "../src/services/auth/tokens.js";

const database = useTestDatabase();
afterEach(() => {
  vi.useRealTimers();
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("the API-key cache", () => {
  it("forgets a key revoked through the API before the next request, even right after it was used", async () => {
    const tenant = await createTestTenant(database.db, { plan: "scale" });
    const key = await tenant.newApiKey("write");
    const withKey = callerFor(database.db, `Bearer ${key}`);
    expect(await codeOf(withKey.leads.list({}))).toBe("OK");
    const owner = callerFor(
      database.db,
      `Bearer ${await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId)}`,
    );
    const [row] = await database.db
      .select({ id: schema.apiKeys.id })
      .from(schema.apiKeys)
      .where(eq(schema.apiKeys.keyHash, hashToken(key)));
    await owner.apiKeys.revoke({ id: row?.id ?? "" });
    expect(await codeOf(withKey.leads.list({}))).toBe("UNAUTHORIZED");
  });

  it("refuses a tenant deleted through the API on the next request", async () => {
    const tenant = await createTestTenant(database.db, { plan: "scale", name: "Cache Co" });
    expect(await codeOf(tenant.caller.leads.list({}))).toBe("OK");
    const owner = callerFor(
      database.db,
      `Bearer ${await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId)}`,
    );
    await owner.tenants.delete({ confirmName: "Cache Co" });
    expect(await codeOf(tenant.caller.leads.list({}))).toBe("UNAUTHORIZED");
  });

  it("sees a change made behind the API's back within the TTL, and checks expiry on every use", async () => {
    const tenant = await createTestTenant(database.db, { plan: "scale" });
    const expires = new Date(Date.now() + 60_000);
    const key = await tenant.newApiKey("write", { expires });
    const withKey = callerFor(database.db, `Bearer ${key}`);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    expect(await codeOf(withKey.leads.list({}))).toBe("OK");
    await database.db
      .update(schema.apiKeys)
      .set({ revoked: new Date() })
      .where(eq(schema.apiKeys.keyHash, hashToken(key)));
    // Another process revoked it: this process may still serve it until the cached entry ages out.
    vi.setSystemTime(Date.now() + CREDENTIAL_CACHE_TTL_MS + 1);
    expect(await codeOf(withKey.leads.list({}))).toBe("UNAUTHORIZED");

    const other = await tenant.newApiKey("write", { expires: new Date(Date.now() + 1_000) });
    const withOther = callerFor(database.db, `Bearer ${other}`);
    expect(await codeOf(withOther.leads.list({}))).toBe("OK");
    vi.setSystemTime(Date.now() + 1_500);
    expect(await codeOf(withOther.leads.list({}))).toBe("UNAUTHORIZED");
  });

  it("forgets only the writing tenant's entries: another tenant's write leaves a cached key cached", async () => {
    // One process (one AppDeps) on a clock that stands still, so no entry ages out meanwhile.
    const deps = new AppDeps(database.db, { clock: new ManualClock() });
    const a = await createTestTenant(database.db, { plan: "scale" });
    const b = await createTestTenant(database.db, { plan: "scale" });
    const asA = callerWith(deps, `Bearer ${a.apiKey}`);
    const asB = callerWith(deps, `Bearer ${b.apiKey}`);
    expect(await codeOf(asA.leads.list({}))).toBe("OK");
    // Revoked behind this process's back (as another server would): the cached entry still serves.
    await database.db
      .update(schema.apiKeys)
      .set({ revoked: new Date() })
      .where(eq(schema.apiKeys.keyHash, hashToken(a.apiKey)));
    await asB.leads.create({ email: "b-writes@example.test" });
    expect(await codeOf(asA.leads.list({}))).toBe("OK");
    // The tenant's own write forgets its entries: the next call looks the key up and is refused.
    await asA.leads.create({ email: "a-writes@example.test" });
    expect(await codeOf(asA.leads.list({}))).toBe("UNAUTHORIZED");
    expect(await codeOf(asB.leads.list({}))).toBe("OK");
  });
});
