import { schema } from "@outbound/db";
import { insertMembership } from "@outbound/db/queries/tenants";
import {
  type Caller,
  callerFor,
  createTestTenant,
  memberWithSession,
  sessionFor,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../src/error-mapping.js";

const database = useTestDatabase();

const as = (token: string): Caller => callerFor(database.db, `Bearer ${token}`);

async function tenantWithOwner(name?: string) {
  const tenant = await createTestTenant(database.db, name ? { name } : {});
  return { ...tenant, owner: as(await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId)) };
}

describe("tenants.current", () => {
  it("answers the credential's tenant with the caller's roles", async () => {
    const tenant = await tenantWithOwner("Current Co");
    const current = await tenant.owner.tenants.current();
    expect(current).toMatchObject({ id: tenant.tenantId, name: "Current Co", roles: ["owner"] });
    expect(current.created).toBeInstanceOf(Date);
    expect(current.updated).toBeInstanceOf(Date);
    expect((await tenant.caller.tenants.current()).roles).toEqual(["admin"]);
    const billing = await memberWithSession(database.db, tenant.tenantId, ["billing"]);
    expect((await billing.caller.tenants.current()).roles).toEqual(["billing"]);
  });
});

describe("tenants.list", () => {
  it("lists a user's live tenants with their roles there, newest first, page by page", async () => {
    const first = await tenantWithOwner("First");
    const second = await createTestTenant(database.db, { name: "Second" });
    const removed = await createTestTenant(database.db, { name: "Removed from" });
    const gone = await createTestTenant(database.db, { name: "Deleted" });
    const userId = first.ownerUserId;
    const email = "owner@example.test";
    await insertMembership(database.db, { tenantId: second.tenantId, userId, roles: ["admin", "billing"], email });
    await insertMembership(database.db, { tenantId: removed.tenantId, userId, roles: ["member"], email });
    await insertMembership(database.db, { tenantId: gone.tenantId, userId, roles: ["member"], email });
    await database.db
      .update(schema.tenantUsers)
      .set({ deleted: new Date() })
      .where(and(eq(schema.tenantUsers.tenantId, removed.tenantId), eq(schema.tenantUsers.userId, userId)));
    await database.db.update(schema.tenants).set({ deleted: new Date() }).where(eq(schema.tenants.id, gone.tenantId));

    const all = await first.owner.tenants.list();
    expect(all.items.map((t) => [t.name, t.roles])).toEqual([
      ["Second", ["admin", "billing"]],
      ["First", ["owner"]],
    ]);
    const page = await first.owner.tenants.list({ limit: 1 });
    expect(page.items.map((t) => t.name)).toEqual(["Second"]);
    const next = await first.owner.tenants.list({ limit: 1, cursor: page.nextCursor ?? undefined });
    expect(next.items.map((t) => t.name)).toEqual(["First"]);
    expect(next.nextCursor).toBeNull();
  });

  it("shows an API key only its own tenant", async () => {
    const tenant = await createTestTenant(database.db, { name: "Key's own" });
    await createTestTenant(database.db);
    const listed = await tenant.caller.tenants.list({});
    expect(listed).toMatchObject({
      items: [{ id: tenant.tenantId, name: "Key's own", roles: ["admin"] }],
      nextCursor: null,
    });
  });
});

describe("tenants.update", () => {
  it("renames the tenant for admins, guarded by expectedUpdated", async () => {
    const tenant = await tenantWithOwner();
    const before = await tenant.owner.tenants.current();
    const admin = await memberWithSession(database.db, tenant.tenantId, ["admin"]);
    const renamed = await admin.caller.tenants.update({ name: "  Renamed Ltd ", expectedUpdated: before.updated });
    expect(renamed).toMatchObject({ id: tenant.tenantId, name: "Renamed Ltd" });
    expect(renamed.updated.getTime()).toBeGreaterThanOrEqual(before.updated.getTime());

    const stale = await trpcFailure(tenant.owner.tenants.update({ name: "Again", expectedUpdated: before.updated }));
    expect(stale.code).toBe("CONFLICT");
    expect((await tenant.owner.tenants.current()).name).toBe("Renamed Ltd");
    await expect(tenant.owner.tenants.update({ name: "Again" })).resolves.toMatchObject({ name: "Again" });
  });

  it("refuses members and bad names", async () => {
    const tenant = await tenantWithOwner();
    const member = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    expect((await trpcFailure(member.caller.tenants.update({ name: "Mine now" }))).code).toBe("FORBIDDEN");
    expect((await trpcFailure(tenant.owner.tenants.update({ name: "   " }))).code).toBe("BAD_REQUEST");
    expect((await trpcFailure(tenant.owner.tenants.update({ name: "x".repeat(201) }))).code).toBe("BAD_REQUEST");
  });
});

describe("tenants.delete", () => {
  it("is for owners only, and needs the exact tenant name", async () => {
    const tenant = await tenantWithOwner("Keep Me");
    const admin = await memberWithSession(database.db, tenant.tenantId, ["admin"]);
    expect((await trpcFailure(admin.caller.tenants.delete({ confirmName: "Keep Me" }))).code).toBe("FORBIDDEN");
    expect((await trpcFailure(tenant.caller.tenants.delete({ confirmName: "Keep Me" }))).code).toBe("FORBIDDEN");
    const wrong = await trpcFailure(tenant.owner.tenants.delete({ confirmName: "keep me" }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(wrong)).toHaveProperty("confirmName");
    await expect(tenant.owner.tenants.current()).resolves.toMatchObject({ name: "Keep Me" });
  });

  it("soft-deletes the tenant and every credential of it stops working at once", async () => {
    const tenant = await tenantWithOwner("Doomed Inc");
    const member = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    const readKey = await tenant.newApiKey("read");
    const elsewhere = await createTestTenant(database.db);
    await insertMembership(database.db, {
      tenantId: elsewhere.tenantId,
      userId: tenant.ownerUserId,
      roles: ["member"],
      email: "owner@example.test",
    });
    const ownerElsewhere = as(await sessionFor(database.db, tenant.ownerUserId, elsewhere.tenantId));

    const result = await tenant.owner.tenants.delete({ confirmName: "Doomed Inc" });
    expect(result).toMatchObject({ id: tenant.tenantId });
    expect(result.deleted).toBeInstanceOf(Date);

    for (const caller of [tenant.owner, member.caller, tenant.caller, as(readKey)]) {
      expect((await trpcFailure(caller.tenants.current())).code).toBe("UNAUTHORIZED");
    }
    const [row] = await database.db.select().from(schema.tenants).where(eq(schema.tenants.id, tenant.tenantId));
    expect(row?.deleted).toBeInstanceOf(Date);
    // The owner's other tenants are untouched, and the deleted one is gone from their list.
    const mine = await ownerElsewhere.tenants.list();
    expect(mine.items.map((t) => t.id)).toEqual([elsewhere.tenantId]);
  });
});
