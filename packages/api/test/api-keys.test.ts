import { schema } from "@outbound/db";
import {
  type Caller,
  callerFor,
  createTestTenant,
  sessionFor,
  sharedDepsFor,
  subscribe,
  type TestTenant,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { detailsOf, fieldErrorsOf } from "../src/error-mapping.js";
import { hashToken } from "../src/services/auth/tokens.js";

const database = useTestDatabase();

const as = (token: string): Caller => callerFor(database.db, `Bearer ${token}`);

/** A tenant on `plan` (starter includes API access, free doesn't) with a caller for its owner's session. */
async function tenantOn(plan: "starter" | "free" | null): Promise<TestTenant & { owner: Caller }> {
  const tenant = await createTestTenant(database.db);
  if (plan) await subscribe(database.db, tenant.tenantId, { slug: plan });
  return { ...tenant, owner: as(await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId)) };
}

describe("apiKeys.create", () => {
  it("returns the secret once; the key works at once and is stored only as a hash", async () => {
    const tenant = await tenantOn("starter");
    const created = await tenant.owner.apiKeys.create({ name: "CI deploys" });
    expect(created).toMatchObject({ name: "CI deploys", scope: "write", expires: null });
    expect(created.key).toMatch(/^ob_live_/);
    expect(created.key?.startsWith(created.prefix)).toBe(true);

    const key = created.key ?? "";
    expect((await as(key).tenants.current()).id).toBe(tenant.tenantId);
    const [stored] = await database.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, created.id));
    expect(stored?.keyHash).toBe(hashToken(key));
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(stored?.createdByUserId).toBe(tenant.ownerUserId);
  });

  it("records no creating user when an API key creates the key", async () => {
    const tenant = await tenantOn("starter");
    const created = await tenant.caller.apiKeys.create({ name: "made by a key" });
    const listed = await tenant.caller.apiKeys.list({});
    expect(listed.items.find((k) => k.id === created.id)?.createdByUserId).toBeNull();
  });

  it("creates read-only keys that can read but not write", async () => {
    const tenant = await tenantOn("starter");
    const { key } = await tenant.owner.apiKeys.create({ name: "reporting", scope: "read" });
    const reader = as(key ?? "");
    await expect(reader.tenants.current()).resolves.toMatchObject({ id: tenant.tenantId, roles: ["member"] });
    expect((await trpcFailure(reader.apiKeys.create({ name: "escalate" }))).code).toBe("FORBIDDEN");
  });

  it("stores a future expiry and refuses one in the past with a field error", async () => {
    const tenant = await tenantOn("starter");
    const expiresAt = new Date(Date.now() + 7 * 24 * 3600_000);
    const created = await tenant.owner.apiKeys.create({ name: "temp", expiresAt });
    expect(created.expires?.getTime()).toBe(expiresAt.getTime());
    const past = await trpcFailure(
      tenant.owner.apiKeys.create({ name: "old", expiresAt: new Date(Date.now() - 1000) }),
    );
    expect(past.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(past)).toHaveProperty("expiresAt");
    expect((await trpcFailure(tenant.owner.apiKeys.create({ name: "  " }))).code).toBe("BAD_REQUEST");
  });

  it("is refused with PAYMENT_REQUIRED when the plan lacks API access or there is no plan", async () => {
    for (const plan of ["free", null] as const) {
      const tenant = await tenantOn(plan);
      const error = await trpcFailure(tenant.owner.apiKeys.create({ name: "nope" }));
      expect(error.code).toBe("PAYMENT_REQUIRED");
      expect(detailsOf(error)).toMatchObject({ limit: "api_access" });
    }
  });

  it("stops working with PAYMENT_REQUIRED once the plan loses API access, and works again after an upgrade", async () => {
    const tenant = await tenantOn("starter");
    const { key } = await tenant.owner.apiKeys.create({ name: "before the downgrade" });
    await expect(as(key ?? "").tenants.current()).resolves.toMatchObject({ id: tenant.tenantId });
    const movePlan = async (slug: string) => {
      const [plan] = await database.db.select().from(schema.plans).where(eq(schema.plans.slug, slug));
      await database.db
        .update(schema.subscriptions)
        .set({ planId: plan?.id })
        .where(eq(schema.subscriptions.tenantId, tenant.tenantId));
      sharedDepsFor(database.db).credentials.clear();
    };
    await movePlan("free");
    const refused = await trpcFailure(as(key ?? "").tenants.current());
    expect(refused.code).toBe("PAYMENT_REQUIRED");
    expect(detailsOf(refused)).toMatchObject({ limit: "api_access" });
    await expect(tenant.owner.tenants.current()).resolves.toMatchObject({ id: tenant.tenantId });
    await movePlan("starter");
    await expect(as(key ?? "").tenants.current()).resolves.toMatchObject({ id: tenant.tenantId });
  });

  it("replays an idempotent create without creating twice or showing the secret again", async () => {
    const tenant = await tenantOn("starter");
    const first = await tenant.owner.apiKeys.create({ name: "retry me", idempotencyKey: "key-1" });
    const again = await tenant.owner.apiKeys.create({ name: "retry me", idempotencyKey: "key-1" });
    expect(first.key).toMatch(/^ob_live_/);
    expect(again).toEqual({ ...first, key: null });
    const keys = await database.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.tenantId, tenant.tenantId));
    expect(keys.filter((k) => k.name === "retry me")).toHaveLength(1);
    const replays = await database.db
      .select()
      .from(schema.idempotencyKeys)
      .where(eq(schema.idempotencyKeys.tenantId, tenant.tenantId));
    expect(JSON.stringify(replays)).not.toContain(first.key ?? "missing");
    const reused = await trpcFailure(tenant.owner.apiKeys.create({ name: "other", idempotencyKey: "key-1" }));
    expect(reused.code).toBe("CONFLICT");
  });
});

describe("apiKeys.list", () => {
  it("lists keys newest first with their state, never a secret or hash", async () => {
    const tenant = await tenantOn("starter");
    const a = await tenant.owner.apiKeys.create({ name: "a" });
    const b = await tenant.owner.apiKeys.create({ name: "b", scope: "read" });
    await tenant.owner.apiKeys.revoke({ id: a.id });
    await as(b.key ?? "").tenants.current();

    const page = await tenant.owner.apiKeys.list({ limit: 2 });
    expect(page.items.map((k) => k.name)).toEqual(["b", "a"]);
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual(
        ["created", "createdByUserId", "expires", "id", "lastUsed", "name", "prefix", "revoked", "scope"].sort(),
      );
    }
    expect(page.items[0]?.lastUsed).toBeInstanceOf(Date);
    expect(page.items[1]?.revoked).toBeInstanceOf(Date);
    const rest = await tenant.owner.apiKeys.list({ limit: 2, cursor: page.nextCursor ?? undefined });
    expect(rest.items.map((k) => k.name)).toEqual(["write key"]);
    expect(rest.nextCursor).toBeNull();
  });

  it("never shows another tenant's keys", async () => {
    const tenant = await tenantOn("starter");
    const other = await tenantOn("starter");
    await other.owner.apiKeys.create({ name: "theirs" });
    const names = (await tenant.owner.apiKeys.list({})).items.map((k) => k.name);
    expect(names).not.toContain("theirs");
  });
});

describe("apiKeys.revoke", () => {
  it("stops the key at once and is idempotent", async () => {
    const tenant = await tenantOn("starter");
    const { id, key } = await tenant.owner.apiKeys.create({ name: "short lived" });
    await as(key ?? "").tenants.current();
    const revoked = await tenant.owner.apiKeys.revoke({ id });
    expect(revoked.revoked).toBeInstanceOf(Date);
    expect((await trpcFailure(as(key ?? "").tenants.current())).code).toBe("UNAUTHORIZED");
    const twice = await tenant.owner.apiKeys.revoke({ id });
    expect(twice.revoked).toEqual(revoked.revoked);
  });

  it("lets a key revoke itself, also after a downgrade took API access away", async () => {
    const tenant = await tenantOn("starter");
    const self = await tenant.caller.apiKeys.list({});
    const own = self.items.find((k) => k.name === "write key");
    await database.db
      .update(schema.subscriptions)
      .set({ status: "canceled" })
      .where(eq(schema.subscriptions.tenantId, tenant.tenantId));
    await tenant.caller.apiKeys.revoke({ id: own?.id ?? "" });
    expect((await trpcFailure(tenant.caller.apiKeys.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("answers NOT_FOUND for another tenant's key and leaves it working", async () => {
    const tenant = await tenantOn("starter");
    const other = await tenantOn("starter");
    const theirs = await other.owner.apiKeys.create({ name: "theirs" });
    expect((await trpcFailure(tenant.owner.apiKeys.revoke({ id: theirs.id }))).code).toBe("NOT_FOUND");
    expect((await trpcFailure(tenant.owner.apiKeys.revoke({ id: crypto.randomUUID() }))).code).toBe("NOT_FOUND");
    await expect(as(theirs.key ?? "").tenants.current()).resolves.toMatchObject({ id: other.tenantId });
  });
});
