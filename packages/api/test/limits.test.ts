import { type Database, schema } from "@outbound/db";
import { createLead } from "@outbound/db/queries/leads";
import { createTestPlan, createTestTenant, failureOfType, subscribe, useTestDatabase } from "@outbound/testing";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DomainError } from "../src/errors.js";
import { requireFeature, tenantAllowances, withinLimit } from "../src/services/quotas/limits.js";

const database = useTestDatabase();

const domainError = (promise: Promise<unknown>) => failureOfType(promise, DomainError);

const countLeads = (tenantId: string) => async (tx: Database) => {
  const [row] = await tx.select({ n: count() }).from(schema.leads).where(eq(schema.leads.tenantId, tenantId));
  return row?.n ?? 0;
};

let emailCounter = 0;
const addLead = (tenantId: string) =>
  withinLimit(database.db, { tenantId, limit: "max_contacts", now: new Date() }, (tx) =>
    createLead(tx, { tenantId, email: `lead-${++emailCounter}@example.test` }),
  );

/** A tenant subscribed to a private plan with these contact and user quotas. */
async function tenantOnPlan(overrides: { maxContacts?: number; maxUsers?: number; apiAccess?: boolean } = {}) {
  const tenant = await createTestTenant(database.db);
  const planId = await createTestPlan(database.db, overrides);
  const subscriptionId = await subscribe(database.db, tenant.tenantId, { id: planId });
  return { tenantId: tenant.tenantId, subscriptionId };
}

describe("withinLimit", () => {
  it("lets exactly the allowed number of 20 concurrent creates through and refuses the rest", async () => {
    const { tenantId } = await tenantOnPlan({ maxContacts: 3 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => addLead(tenantId)));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(refused).toHaveLength(17);
    for (const error of refused) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({
        code: "PAYMENT_REQUIRED",
        details: { limit: "max_contacts", allowed: 3, used: 3 },
      });
    }
    expect(await countLeads(tenantId)(database.db)).toBe(3);
  });

  it("names the limit, what is allowed and what is used in the refusal", async () => {
    const { tenantId } = await tenantOnPlan({ maxContacts: 1 });
    await addLead(tenantId);
    const error = await domainError(addLead(tenantId));
    expect(error.code).toBe("PAYMENT_REQUIRED");
    expect(error.details).toEqual({ limit: "max_contacts", allowed: 1, used: 1 });
    expect(error.message).toContain("max_contacts");
  });

  it("counts a batch as `adding` units: all of it fits or none of it is created", async () => {
    const { tenantId } = await tenantOnPlan({ maxContacts: 5 });
    await addLead(tenantId);
    await addLead(tenantId);
    const batch = (n: number) =>
      withinLimit(database.db, { tenantId, limit: "max_contacts", adding: n, now: new Date() }, async (tx) => {
        for (let i = 0; i < n; i++) await createLead(tx, { tenantId, email: `batch-${++emailCounter}@example.test` });
        return n;
      });
    const error = await domainError(batch(4));
    expect(error.details).toEqual({ limit: "max_contacts", allowed: 5, used: 2 });
    expect(error.message).toContain("room for 3");
    expect(await batch(3)).toBe(3);
    expect(await countLeads(tenantId)(database.db)).toBe(5);
  });

  it("rolls back the whole step when create fails", async () => {
    const { tenantId } = await tenantOnPlan({ maxContacts: 5 });
    const failing = withinLimit(database.db, { tenantId, limit: "max_contacts", now: new Date() }, async (tx) => {
      await createLead(tx, { tenantId, email: "rolled-back@example.test" });
      throw new DomainError("BAD_REQUEST", "the create failed after inserting");
    });
    expect((await domainError(failing)).code).toBe("BAD_REQUEST");
    expect(await countLeads(tenantId)(database.db)).toBe(0);
  });

  it("works inside a transaction the caller already opened", async () => {
    const { tenantId } = await tenantOnPlan({ maxContacts: 1 });
    await database.db.transaction(async (tx) => {
      await withinLimit(tx, { tenantId, limit: "max_contacts", now: new Date() }, (t) =>
        createLead(t, { tenantId, email: "nested@example.test" }),
      );
    });
    expect((await domainError(addLead(tenantId))).details).toMatchObject({ allowed: 1, used: 1 });
  });

  it("refuses every limit with PAYMENT_REQUIRED when the tenant has no current subscription", async () => {
    const tenant = await createTestTenant(database.db);
    const error = await domainError(addLead(tenant.tenantId));
    expect(error.code).toBe("PAYMENT_REQUIRED");
    expect(error.details).toEqual({ limit: "max_contacts" });
    expect(error.message).toMatch(/no active subscription/);

    const { tenantId, subscriptionId } = await tenantOnPlan({ maxContacts: 10 });
    await database.db
      .update(schema.subscriptions)
      .set({ status: "canceled" })
      .where(eq(schema.subscriptions.id, subscriptionId));
    expect((await domainError(addLead(tenantId))).message).toMatch(/no active subscription/);
  });
});

describe("add-ons", () => {
  const addon = (tenantId: string, subscriptionId: string, addonType: string, quantity: number, isActive = true) =>
    database.db
      .insert(schema.subscriptionAddons)
      .values({ tenantId, subscriptionId, addonType, quantity, isActive, priceMonthly: "5.00" });

  it("adds the quantity of every active add-on of the current subscription to the matching limit", async () => {
    const { tenantId, subscriptionId } = await tenantOnPlan({ maxContacts: 1, maxUsers: 2 });
    await addon(tenantId, subscriptionId, "contacts", 2);
    await addon(tenantId, subscriptionId, "contacts", 1);
    await addon(tenantId, subscriptionId, "contacts", 50, false);
    await addon(tenantId, subscriptionId, "users", 3);
    const allowances = await tenantAllowances(database.db, tenantId);
    expect(allowances?.limits).toMatchObject({ max_contacts: 4, max_users: 5, max_domains: 1 });
    for (let i = 0; i < 4; i++) await addLead(tenantId);
    expect((await domainError(addLead(tenantId))).details).toEqual({ limit: "max_contacts", allowed: 4, used: 4 });
  });

  it("ignores add-ons of a subscription that has ended", async () => {
    const tenant = await createTestTenant(database.db);
    const oldPlan = await createTestPlan(database.db, { maxContacts: 1 });
    const old = await subscribe(database.db, tenant.tenantId, { id: oldPlan });
    await addon(tenant.tenantId, old, "contacts", 100);
    await database.db.update(schema.subscriptions).set({ status: "canceled" }).where(eq(schema.subscriptions.id, old));
    await subscribe(database.db, tenant.tenantId, { id: await createTestPlan(database.db, { maxContacts: 2 }) });
    expect((await tenantAllowances(database.db, tenant.tenantId))?.limits.max_contacts).toBe(2);
  });
});

describe("requireFeature", () => {
  it("passes when the plan includes the feature and refuses with the feature's name otherwise", async () => {
    const withApi = await tenantOnPlan({ apiAccess: true });
    await expect(requireFeature(database.db, withApi.tenantId, "api_access")).resolves.toBeUndefined();

    const free = await createTestTenant(database.db);
    await subscribe(database.db, free.tenantId, { slug: "free" });
    const error = await domainError(requireFeature(database.db, free.tenantId, "api_access"));
    expect(error.code).toBe("PAYMENT_REQUIRED");
    expect(error.details).toEqual({ limit: "api_access" });

    const none = await createTestTenant(database.db);
    expect((await domainError(requireFeature(database.db, none.tenantId, "api_access"))).details).toEqual({
      limit: "api_access",
    });
  });
});
