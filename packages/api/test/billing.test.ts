import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { findStaffRoleByName, insertStaffMember } from "@outbound/db/queries/staff";
import {
  callerFor,
  createTestTenant,
  memberWithSession,
  sessionFor,
  type TestTenant,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import type { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { renewDueLocalSubscriptions } from "../src/services/billing/renewals.js";
import { planFields } from "./plan-helpers.js";

const database = useTestDatabase();
let tenant: TestTenant;
/** Billing needs the owner (or billing) role, which API keys never hold. */
let owner: Caller;
const ownerOf = async (t: TestTenant) =>
  callerFor(database.db, `Bearer ${await sessionFor(database.db, t.ownerUserId, t.tenantId)}`);
type Caller = ReturnType<typeof callerFor>;

beforeEach(async () => {
  tenant = await createTestTenant(database.db);
  owner = await ownerOf(tenant);
});

const detailsOf = (error: TRPCError) => (error.cause as { details?: Record<string, unknown> } | undefined)?.details;

const leads = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ tenantId: tenant.tenantId, email: `l${i}-${randomUUID()}@example.test` }));

describe("billing.plans", () => {
  it("lists the active plans to anyone, prices in integer cents", async () => {
    const plans = await callerFor(database.db, null).billing.plans();
    const starter = plans.find((p) => p.slug === "starter");
    expect(starter).toMatchObject({ priceMonthly: 3900, isActive: true });
    expect(plans.every((p) => p.isActive && Number.isInteger(p.priceMonthly))).toBe(true);
    expect(starter).not.toHaveProperty("stripePriceMonthlyId");
  });
});

describe("subscribing on the local provider", () => {
  it("activates at once for a month and records the payment with who paid", async () => {
    const { subscription, clientSecret } = await owner.billing.subscribe({ planSlug: "starter" });
    expect(clientSecret).toBeNull();
    expect(subscription.status).toBe("active");
    const start = subscription.currentPeriodStart as Date;
    const end = subscription.currentPeriodEnd as Date;
    expect(end.getUTCMonth()).toBe((start.getUTCMonth() + 1) % 12);

    const current = await owner.billing.subscription();
    expect(current).toMatchObject({ plan: { slug: "starter" }, pendingPlan: null, cancelAtPeriodEnd: false });

    const payments = await owner.billing.payments.list();
    expect(payments.items).toHaveLength(1);
    expect(payments.items[0]).toMatchObject({ amountCents: 3900, currency: "usd", status: "succeeded" });
    expect(payments.items[0]).not.toHaveProperty("amount");
  });

  it("subscribes once per idempotency key: a retry gets the first answer, and one payment", async () => {
    const input = { planSlug: "starter", idempotencyKey: `sub-${randomUUID()}` };
    const first = await owner.billing.subscribe(input);
    expect(await owner.billing.subscribe(input)).toEqual(first);
    expect((await owner.billing.payments.list()).items).toHaveLength(1);
    expect((await trpcFailure(owner.billing.subscribe({ ...input, planSlug: "growth" }))).code).toBe("CONFLICT");
    expect((await trpcFailure(owner.billing.subscribe({ planSlug: "starter" }))).code).toBe("CONFLICT");
  });

  it("records who started it when a signed-in user subscribes", async () => {
    const billing = await memberWithSession(database.db, tenant.tenantId, ["billing"]);
    await billing.caller.billing.subscribe({ planSlug: "growth", interval: "year" });
    const payments = await billing.caller.billing.payments.list();
    expect(payments.items[0]).toMatchObject({ amountCents: expect.any(Number), initiatedByUserId: billing.userId });
    expect((await billing.caller.billing.subscription())?.billingContactUserId).toBe(billing.userId);
  });

  it("refuses a second subscription, an unknown plan and a billing contact who is not a member", async () => {
    expect((await trpcFailure(owner.billing.subscribe({ planSlug: "no-such-plan" }))).code).toBe("NOT_FOUND");
    const other = await createTestTenant(database.db);
    const outsider = await trpcFailure(
      owner.billing.subscribe({ planSlug: "free", billingContactUserId: other.ownerUserId }),
    );
    expect(outsider.code).toBe("NOT_FOUND");
    expect(await owner.billing.subscription()).toBeNull();

    await owner.billing.subscribe({ planSlug: "free" });
    const again = await trpcFailure(owner.billing.subscribe({ planSlug: "starter" }));
    expect(again.code).toBe("CONFLICT");
  });
});

describe("from a limit to an upgrade and back down", () => {
  it("a free tenant hits a limit, upgrades at once, sees usage, and downgrades only when usage fits", async () => {
    await owner.billing.subscribe({ planSlug: "free" });
    await database.db.insert(schema.leads).values(leads(250));
    const refused = await trpcFailure(owner.leads.create({ email: "one-more@example.test" }));
    expect(refused.code).toBe("PAYMENT_REQUIRED");
    expect(detailsOf(refused)).toMatchObject({ limit: "max_contacts", allowed: 250, used: 250 });

    const upgraded = await owner.billing.changePlan({ planSlug: "starter" });
    expect(upgraded).toMatchObject({ pendingPlanId: null });
    await owner.leads.create({ email: "one-more@example.test" });

    const usage = await owner.billing.usage();
    expect(usage.plan?.slug).toBe("starter");
    expect(usage.limits.map((l) => l.limit).sort()).toEqual(
      [
        "max_campaigns_per_month",
        "max_contacts",
        "max_domains",
        "max_email_accounts",
        "max_emails_per_month",
        "max_storage_gb",
        "max_users",
        "max_warmups",
      ].sort(),
    );
    expect(usage.limits.find((l) => l.limit === "max_contacts")).toEqual({
      limit: "max_contacts",
      used: 251,
      allowed: 5000,
    });
    expect(usage.limits.find((l) => l.limit === "max_users")).toMatchObject({ used: 1 });

    const blocked = await trpcFailure(owner.billing.changePlan({ planSlug: "free" }));
    expect(blocked.code).toBe("CONFLICT");
    expect(detailsOf(blocked)?.blockers).toEqual(["max_contacts: 251 in use, 250 allowed on free"]);
    expect((await owner.billing.subscription())?.plan?.slug).toBe("starter");

    // An add-on on the subscription counts towards the target plan too.
    await owner.billing.addons.add({ type: "contacts", quantity: 10 });
    const pending = await owner.billing.changePlan({ planSlug: "free" });
    expect(pending?.pendingPlanId).not.toBeNull();
    const current = await owner.billing.subscription();
    expect(current).toMatchObject({ plan: { slug: "starter" }, pendingPlan: { slug: "free" } });

    // Choosing the current plan again drops the pending downgrade.
    await owner.billing.changePlan({ planSlug: "starter" });
    expect((await owner.billing.subscription())?.pendingPlan).toBeNull();
  });

  it("refuses changing plan without a subscription", async () => {
    expect((await trpcFailure(owner.billing.changePlan({ planSlug: "starter" }))).code).toBe("CONFLICT");
    expect((await trpcFailure(owner.billing.cancel())).code).toBe("CONFLICT");
  });
});

describe("cancel and resume", () => {
  it("sets and clears cancel at period end", async () => {
    await owner.billing.subscribe({ planSlug: "starter" });
    expect((await owner.billing.cancel())?.cancelAtPeriodEnd).toBe(true);
    expect((await owner.billing.subscription())?.status).toBe("active");
    expect((await owner.billing.resume())?.cancelAtPeriodEnd).toBe(false);
  });

  it("changes the billing contact to a member only", async () => {
    await owner.billing.subscribe({ planSlug: "starter" });
    const member = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    expect((await owner.billing.setBillingContact({ userId: member.userId }))?.billingContactUserId).toBe(
      member.userId,
    );
    const other = await createTestTenant(database.db);
    const code = (await trpcFailure(owner.billing.setBillingContact({ userId: other.ownerUserId }))).code;
    expect(code).toBe("NOT_FOUND");
  });
});

describe("local renewals", () => {
  it("applies a pending downgrade and records the next period's payment at the period end", async () => {
    const { subscription } = await owner.billing.subscribe({ planSlug: "growth" });
    await owner.billing.changePlan({ planSlug: "starter" });
    const end = subscription.currentPeriodEnd as Date;
    const early = await renewDueLocalSubscriptions(database.db, {
      now: new Date(end.getTime() - 1000),
      tenantId: tenant.tenantId,
    });
    expect(early).toBe(0);
    expect(await renewDueLocalSubscriptions(database.db, { now: end, tenantId: tenant.tenantId })).toBe(1);
    const renewed = await owner.billing.subscription();
    expect(renewed).toMatchObject({ plan: { slug: "starter" }, pendingPlan: null, currentPeriodStart: end });
    const payments = (await owner.billing.payments.list()).items;
    expect(payments.map((p) => p.amountCents)).toEqual([3900, 9900]);
  });

  it("keeps the current plan when usage outgrew a pending downgrade by the period end, and applies it once it fits", async () => {
    const { subscription } = await owner.billing.subscribe({ planSlug: "growth" });
    await owner.billing.changePlan({ planSlug: "starter" });
    // After the downgrade was asked for, the tenant grows past starter's 3 users.
    const members = [];
    for (let i = 0; i < 3; i++) members.push(await memberWithSession(database.db, tenant.tenantId, ["member"]));
    const end = subscription.currentPeriodEnd as Date;
    expect(await renewDueLocalSubscriptions(database.db, { now: end, tenantId: tenant.tenantId })).toBe(1);
    const held = await owner.billing.subscription();
    expect(held).toMatchObject({ plan: { slug: "growth" }, pendingPlan: { slug: "starter" }, currentPeriodStart: end });
    expect((await owner.billing.payments.list()).items.map((p) => p.amountCents)).toEqual([9900, 9900]);

    await owner.members.remove({ userId: members[0]?.userId ?? "" });
    const nextEnd = held?.currentPeriodEnd as Date;
    await renewDueLocalSubscriptions(database.db, { now: nextEnd, tenantId: tenant.tenantId });
    expect(await owner.billing.subscription()).toMatchObject({ plan: { slug: "starter" }, pendingPlan: null });
  });

  it("renews nothing for a suspended or deleted tenant", async () => {
    const { subscription } = await owner.billing.subscribe({ planSlug: "starter" });
    const other = await createTestTenant(database.db);
    const otherOwner = await ownerOf(other);
    await otherOwner.billing.subscribe({ planSlug: "starter" });
    await database.db
      .update(schema.tenants)
      .set({ suspended: new Date() })
      .where(eq(schema.tenants.id, tenant.tenantId));
    await database.db.update(schema.tenants).set({ deleted: new Date() }).where(eq(schema.tenants.id, other.tenantId));
    const end = new Date((subscription.currentPeriodEnd as Date).getTime() + 60_000);
    for (const t of [tenant, other]) {
      expect(await renewDueLocalSubscriptions(database.db, { now: end, tenantId: t.tenantId })).toBe(0);
    }
    await database.db.update(schema.tenants).set({ suspended: null }).where(eq(schema.tenants.id, tenant.tenantId));
    expect(await renewDueLocalSubscriptions(database.db, { now: end, tenantId: tenant.tenantId })).toBe(1);
  });

  it("ends a subscription canceled at period end", async () => {
    const { subscription } = await owner.billing.subscribe({ planSlug: "starter" });
    await owner.billing.cancel();
    await renewDueLocalSubscriptions(database.db, {
      now: subscription.currentPeriodEnd as Date,
      tenantId: tenant.tenantId,
    });
    expect(await owner.billing.subscription()).toBeNull();
    expect((await owner.billing.usage()).plan).toBeNull();
  });
});

describe("billing.addons", () => {
  it("raises and lowers the limit, and won't drop below usage", async () => {
    await owner.billing.subscribe({ planSlug: "free" });
    const allowedUsers = async () => (await owner.billing.usage()).limits.find((l) => l.limit === "max_users")?.allowed;
    expect(await allowedUsers()).toBe(1);
    const addon = await owner.billing.addons.add({ type: "users", quantity: 2 });
    expect(addon).toMatchObject({ addonType: "users", quantity: 2, priceMonthlyCents: 2000, isActive: true });
    expect(await allowedUsers()).toBe(3);
    expect((await owner.billing.addons.list()).map((a) => a.id)).toEqual([addon.id]);

    await memberWithSession(database.db, tenant.tenantId, ["member"]);
    const blocked = await trpcFailure(owner.billing.addons.remove({ id: addon.id }));
    expect(blocked.code).toBe("CONFLICT");
    expect(detailsOf(blocked)?.blockers).toEqual(["max_users: 2 in use, 1 allowed without this add-on"]);

    const ip = await owner.billing.addons.add({ type: "dedicated_ip", quantity: 1 });
    await owner.billing.addons.remove({ id: ip.id });
    expect((await owner.billing.addons.list()).map((a) => a.addonType)).toEqual(["users"]);
    expect((await trpcFailure(owner.billing.addons.remove({ id: ip.id }))).code).toBe("NOT_FOUND");
  });

  it("buys once per idempotency key, and refuses the key for a different add-on", async () => {
    await owner.billing.subscribe({ planSlug: "free" });
    const allowedDomains = async () =>
      (await owner.billing.usage()).limits.find((l) => l.limit === "max_domains")?.allowed ?? Number.NaN;
    const before = await allowedDomains();
    const input = { type: "domains" as const, quantity: 2, idempotencyKey: `addon-${randomUUID()}` };
    const first = await owner.billing.addons.add(input);
    const replay = await owner.billing.addons.add(input);
    expect(replay).toEqual(first);
    expect(await owner.billing.addons.list()).toHaveLength(1);
    expect((await trpcFailure(owner.billing.addons.add({ ...input, quantity: 3 }))).code).toBe("CONFLICT");
    expect(await allowedDomains()).toBe(before + 2);
  });

  it("answers NOT_FOUND for another tenant's add-on", async () => {
    const other = await createTestTenant(database.db);
    const otherOwner = await ownerOf(other);
    await otherOwner.billing.subscribe({ planSlug: "free" });
    const theirs = await otherOwner.billing.addons.add({ type: "domains", quantity: 1 });
    await owner.billing.subscribe({ planSlug: "free" });
    expect((await trpcFailure(owner.billing.addons.remove({ id: theirs.id }))).code).toBe("NOT_FOUND");
    expect(await otherOwner.billing.addons.list()).toHaveLength(1);
  });
});

describe("admin.plans", () => {
  it("lets billing:write staff create, change and deactivate plans", async () => {
    const role = await findStaffRoleByName(database.db, "finance");
    if (!role) throw new Error("finance role not seeded");
    await insertStaffMember(database.db, { userId: tenant.ownerUserId, roleId: role.id });
    const staff = owner;
    const slug = `pro-${randomUUID().slice(0, 8)}`;
    const base = planFields("Pro");
    const plan = await staff.admin.plans.create({ slug, ...base, stripePrices: { month: "price_pro_m" } });
    expect(plan).toMatchObject({ slug, priceMonthly: 1999, stripePriceMonthlyId: "price_pro_m", isActive: true });
    expect((await callerFor(database.db, null).billing.plans()).some((p) => p.slug === slug)).toBe(true);
    expect((await trpcFailure(staff.admin.plans.create({ slug, ...base }))).code).toBe("CONFLICT");

    expect(await staff.admin.plans.update({ id: plan.id, priceMonthly: 2499 })).toMatchObject({ priceMonthly: 2499 });
    await staff.admin.plans.deactivate({ id: plan.id });
    expect((await callerFor(database.db, null).billing.plans()).some((p) => p.slug === slug)).toBe(false);
    const closed = await trpcFailure(owner.billing.subscribe({ planSlug: slug }));
    expect(closed.code).toBe("NOT_FOUND");
    expect((await trpcFailure(staff.admin.plans.update({ id: randomUUID(), name: "x" }))).code).toBe("NOT_FOUND");
  });
});
