import type { DatabaseHandle } from "@outbound/db";
import { createTestTenant, openTestDatabase, type TestTenant } from "@outbound/testing";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

let handle: DatabaseHandle;
let tenant: TestTenant;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  tenant = await createTestTenant(handle.db);
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("leads", () => {
  it("creates a lead with a normalised email and reads it back", async () => {
    const created = await tenant.caller.leads.create({ email: "  Ada@Example.COM ", name: "Ada Lovelace" });
    expect(created).toMatchObject({ email: "ada@example.com", name: "Ada Lovelace", status: "new", company: null });
    expect(created.created).toBeInstanceOf(Date);
    expect(await tenant.caller.leads.get({ id: created.id })).toEqual(created);
  });

  it("refuses a second lead with the same email in any case as CONFLICT", async () => {
    await tenant.caller.leads.create({ email: "dup@example.com" });
    expect(await codeOf(tenant.caller.leads.create({ email: "DUP@example.com" }))).toBe("CONFLICT");
  });

  it("rejects bad input with BAD_REQUEST", async () => {
    expect(await codeOf(tenant.caller.leads.create({ email: "not-an-email" }))).toBe("BAD_REQUEST");
    expect(await codeOf(tenant.caller.leads.get({ id: "nope" }))).toBe("BAD_REQUEST");
    // @ts-expect-error status outside the enum
    expect(await codeOf(tenant.caller.leads.create({ email: "x@example.com", status: "vip" }))).toBe("BAD_REQUEST");
  });

  it("pages newest first with a keyset cursor that stays stable while leads are added", async () => {
    for (let i = 0; i < 5; i++) await tenant.caller.leads.create({ email: `p${i}@example.com` });
    const first = await tenant.caller.leads.list({ limit: 2 });
    expect(first.items.map((l) => l.email)).toEqual(["p4@example.com", "p3@example.com"]);
    await tenant.caller.leads.create({ email: "late@example.com" });
    const second = await tenant.caller.leads.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((l) => l.email)).toEqual(["p2@example.com", "p1@example.com"]);
    const third = await tenant.caller.leads.list({ limit: 2, cursor: second.nextCursor ?? undefined });
    expect(third.items.map((l) => l.email)).toEqual(["p0@example.com"]);
    expect(third.nextCursor).toBeNull();
  });

  it("filters by status and searches email, name and company", async () => {
    await tenant.caller.leads.create({ email: "grace@navy.mil", name: "Grace Hopper", status: "replied" });
    await tenant.caller.leads.create({ email: "alan@example.com", company: "Bletchley Park" });
    const replied = await tenant.caller.leads.list({ status: "replied" });
    expect(replied.items.map((l) => l.email)).toEqual(["grace@navy.mil"]);
    expect((await tenant.caller.leads.list({ search: "hopper" })).items).toHaveLength(1);
    expect((await tenant.caller.leads.list({ search: "bletchley" })).items).toHaveLength(1);
    expect((await tenant.caller.leads.list({ search: "100%" })).items).toHaveLength(0);
  });

  it("replays the first result for a repeated idempotency key instead of creating twice", async () => {
    const first = await tenant.caller.leads.create({ email: "once@example.com", idempotencyKey: "import-1" });
    const again = await tenant.caller.leads.create({ email: "once@example.com", idempotencyKey: "import-1" });
    expect(again).toEqual(first);
    expect((await tenant.caller.leads.list({})).items).toHaveLength(1);
    expect(await codeOf(tenant.caller.leads.create({ email: "other@example.com", idempotencyKey: "import-1" }))).toBe(
      "CONFLICT",
    );
  });

  it("never shows or finds another tenant's leads", async () => {
    const lead = await tenant.caller.leads.create({ email: "mine@example.com" });
    const other = await createTestTenant(handle.db);
    expect(await codeOf(other.caller.leads.get({ id: lead.id }))).toBe("NOT_FOUND");
    expect((await other.caller.leads.list({})).items).toHaveLength(0);
    // The same email is free in another tenant.
    await expect(other.caller.leads.create({ email: "mine@example.com" })).resolves.toBeTruthy();
  });

  it("lets a read-only key list but not create", async () => {
    const readKey = await tenant.newApiKey("read");
    const { callerFor } = await import("@outbound/testing");
    const reader = callerFor(handle.db, `Bearer ${readKey}`);
    await expect(reader.leads.list({})).resolves.toBeTruthy();
    expect(await codeOf(reader.leads.create({ email: "r@example.com" }))).toBe("FORBIDDEN");
  });

  it("refuses missing, unknown and expired credentials with UNAUTHORIZED", async () => {
    const { callerFor } = await import("@outbound/testing");
    expect(await codeOf(callerFor(handle.db, null).leads.list({}))).toBe("UNAUTHORIZED");
    expect(await codeOf(callerFor(handle.db, "Bearer ob_live_nope").leads.list({}))).toBe("UNAUTHORIZED");
    const expired = await tenant.newApiKey("write", { expires: new Date(Date.now() - 1000) });
    expect(await codeOf(callerFor(handle.db, `Bearer ${expired}`).leads.list({}))).toBe("UNAUTHORIZED");
  });
});
