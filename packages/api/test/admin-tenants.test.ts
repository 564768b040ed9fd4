import { schema } from "@outbound/db";
import { createTestTenant, memberWithSession, subscribe, trpcFailure, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { domainOf, staffCaller, unique } from "./admin-ip-pool-helpers.js";

const database = useTestDatabase();
let staff: Awaited<ReturnType<typeof staffCaller>>;

beforeAll(async () => {
  staff = await staffCaller(database.db);
});

describe("admin.tenants.list", () => {
  it("searches by name, filters by plan and status, and pages newest first", async () => {
    const tag = unique();
    const onScale = await createTestTenant(database.db, { name: `Acme ${tag} one` });
    await subscribe(database.db, onScale.tenantId, { slug: "scale" });
    const onStarter = await createTestTenant(database.db, { name: `ACME ${tag} two` });
    await subscribe(database.db, onStarter.tenantId, { slug: "starter" });
    const suspended = await createTestTenant(database.db, { name: `acme ${tag} three` });
    await staff.admin.tenants.suspend({ tenantId: suspended.tenantId, reason: "unpaid" });
    const deleted = await createTestTenant(database.db, { name: `Acme ${tag} four` });
    await database.db
      .update(schema.tenants)
      .set({ deleted: new Date() })
      .where(eq(schema.tenants.id, deleted.tenantId));
    await createTestTenant(database.db, { name: `Other ${tag}` });

    const all = await staff.admin.tenants.list({ search: `acme ${tag}` });
    expect(all.items.map((t) => t.id)).toEqual([deleted, suspended, onStarter, onScale].map((t) => t.tenantId));

    const scale = await staff.admin.tenants.list({ search: tag, plan: "scale" });
    expect(scale.items.map((t) => [t.id, t.planSlug])).toEqual([[onScale.tenantId, "scale"]]);

    const byStatus = async (status: "active" | "suspended" | "deleted") =>
      (await staff.admin.tenants.list({ search: `acme ${tag}`, status })).items.map((t) => t.id);
    expect(await byStatus("active")).toEqual([onStarter.tenantId, onScale.tenantId]);
    expect(await byStatus("suspended")).toEqual([suspended.tenantId]);
    expect(await byStatus("deleted")).toEqual([deleted.tenantId]);

    const first = await staff.admin.tenants.list({ search: `acme ${tag}`, limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await staff.admin.tenants.list({ search: `acme ${tag}`, limit: 3, cursor: first.nextCursor ?? "" });
    expect(second).toEqual({ items: [expect.objectContaining({ id: onScale.tenantId })], nextCursor: null });
  });

  it("treats % and _ in the search as literal characters", async () => {
    const tag = unique();
    const literal = await createTestTenant(database.db, { name: `Pct ${tag} 100%_off` });
    await createTestTenant(database.db, { name: `Pct ${tag} 100 off` });
    const page = await staff.admin.tenants.list({ search: `${tag} 100%_` });
    expect(page.items.map((t) => t.id)).toEqual([literal.tenantId]);
  });
});

describe("admin.tenants.get", () => {
  it("shows the subscription with its plan, quotas against counts, and members", async () => {
    const tenant = await createTestTenant(database.db);
    await subscribe(database.db, tenant.tenantId, { slug: "growth" });
    const member = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    await domainOf(database.db, tenant.tenantId);
    await tenant.caller.leads.create({ email: "lead@example.test" });

    const view = await staff.admin.tenants.get({ tenantId: tenant.tenantId });
    expect(view.tenant).toMatchObject({ id: tenant.tenantId, suspended: null, deleted: null });
    expect(view.subscription).toMatchObject({ status: "active", plan: { slug: "growth" } });
    expect(view.usage.counts).toEqual({ users: 2, domains: 1, emailAccounts: 0, contacts: 1 });
    expect(view.usage.limits?.max_domains).toBeGreaterThan(0);
    expect(view.members.map((m) => [m.userId, m.roles])).toEqual([
      [tenant.ownerUserId, ["owner"]],
      [member.userId, ["member"]],
    ]);
  });

  it("shows a tenant without a subscription with no quotas", async () => {
    const tenant = await createTestTenant(database.db);
    const view = await staff.admin.tenants.get({ tenantId: tenant.tenantId });
    expect(view.subscription).toBeNull();
    expect(view.usage.limits).toBeNull();
  });

  it("is NOT_FOUND for an unknown tenant", async () => {
    const error = await trpcFailure(staff.admin.tenants.get({ tenantId: "0190a1b2-0000-7000-8000-000000000000" }));
    expect(error.code).toBe("NOT_FOUND");
  });
});

describe("admin.tenants.suspend / restore", () => {
  it("refuses every caller of a suspended tenant with FORBIDDEN saying why, until restored", async () => {
    const tenant = await createTestTenant(database.db, { plan: "scale" });
    const member = await memberWithSession(database.db, tenant.tenantId, ["admin"]);
    expect((await tenant.caller.leads.list({})).items).toEqual([]);

    const suspended = await staff.admin.tenants.suspend({
      tenantId: tenant.tenantId,
      reason: "Chargeback under review",
    });
    expect(suspended).toMatchObject({ suspendedReason: "Chargeback under review", suspended: expect.any(Date) });

    for (const caller of [tenant.caller, member.caller]) {
      const error = await trpcFailure(caller.leads.list({}));
      expect([error.code, error.message]).toEqual(["FORBIDDEN", "This tenant is suspended: Chargeback under review"]);
    }

    // A second suspension takes the new reason and keeps when it started.
    const again = await staff.admin.tenants.suspend({ tenantId: tenant.tenantId, reason: "Fraud check" });
    expect(again.suspended).toEqual(suspended.suspended);
    expect((await trpcFailure(tenant.caller.leads.list({}))).message).toBe("This tenant is suspended: Fraud check");

    const restored = await staff.admin.tenants.restore({ tenantId: tenant.tenantId });
    expect(restored).toMatchObject({ suspended: null, suspendedReason: null });
    expect((await tenant.caller.leads.list({})).items).toEqual([]);
    expect((await member.caller.leads.list({})).items).toEqual([]);
  });

  it("refuses a deleted tenant with CONFLICT and an unknown one with NOT_FOUND", async () => {
    const tenant = await createTestTenant(database.db);
    await database.db.update(schema.tenants).set({ deleted: new Date() }).where(eq(schema.tenants.id, tenant.tenantId));
    const error = await trpcFailure(staff.admin.tenants.suspend({ tenantId: tenant.tenantId, reason: "x" }));
    expect(error.code).toBe("CONFLICT");
    const missing = await trpcFailure(
      staff.admin.tenants.restore({ tenantId: "0190a1b2-0000-7000-8000-000000000000" }),
    );
    expect(missing.code).toBe("NOT_FOUND");
  });
});
