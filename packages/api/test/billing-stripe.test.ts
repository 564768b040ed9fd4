import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { callerFor, createTestTenant, sessionFor, type TestTenant, useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { StripeBillingProvider } from "../src/services/billing/stripe-provider.js";
import { handleStripeWebhook } from "../src/services/billing/webhooks.js";
import { type FakeStripe, startFakeStripe } from "./support/stripe-server.js";

const WEBHOOK_SECRET = "whsec_test_secret";
const signer = new Stripe("sk_test_signer");

const database = useTestDatabase();
let fake: FakeStripe;
let provider: StripeBillingProvider;
let tenant: TestTenant;
let owner: ReturnType<typeof callerFor>;
const tag = randomUUID().slice(0, 8);
const price = { low: `price_low_${tag}`, high: `price_high_${tag}`, users: `price_users_${tag}` };
const slugs = { low: `stripe-low-${tag}`, high: `stripe-high-${tag}` };

async function insertPlan(slug: string, cents: number, priceId: string) {
  await database.db.insert(schema.plans).values({
    name: slug,
    slug,
    maxUsers: 2,
    maxDomains: 2,
    maxCampaignsPerMonth: 10,
    apiRateLimit: 60,
    maxEmailAccounts: 2,
    maxEmailsPerMonth: 1000,
    maxWarmups: 1,
    maxContacts: 100,
    maxStorageGb: 1,
    priceMonthly: cents,
    priceYearly: cents * 10,
    stripePriceMonthlyId: priceId,
  });
}

beforeAll(async () => {
  fake = await startFakeStripe();
  provider = new StripeBillingProvider({
    secretKey: "sk_test_local",
    webhookSecret: WEBHOOK_SECRET,
    apiBase: fake.url,
    addonPrices: { users: price.users },
  });
  await insertPlan(slugs.low, 1000, price.low);
  await insertPlan(slugs.high, 5000, price.high);
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  tenant = await createTestTenant(database.db);
  const token = await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId);
  owner = callerFor(database.db, `Bearer ${token}`, { billing: provider });
});

/** A Stripe event carrying `object`, signed like Stripe signs it (or with `secret` / `timestamp` to forge one). */
function signed(
  type: string,
  object: unknown,
  options: { created?: number; secret?: string; timestamp?: number } = {},
) {
  const payload = JSON.stringify({
    id: `evt_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    api_version: "2026-10-28.endive",
    type,
    created: options.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: null,
    data: { object },
  });
  const header = signer.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
  return { payload, header };
}
const deliver = (event: { payload: string; header: string }) =>
  handleStripeWebhook({ db: database.db, billing: provider }, event.payload, event.header);

const invoiceFor = (sub: { id: string; customer: string; metadata: Record<string, string> }, cents: number) => ({
  id: `in_${randomUUID().replace(/-/g, "")}`,
  object: "invoice",
  customer: sub.customer,
  amount_paid: cents,
  amount_due: cents,
  currency: "usd",
  billing_reason: "subscription_create",
  parent: { type: "subscription_details", subscription_details: { subscription: sub.id, metadata: sub.metadata } },
  lines: { object: "list", data: [{ period: { start: 1_700_000_000, end: 1_702_592_000 } }] },
});

async function subscribed() {
  const result = await owner.billing.subscribe({ planSlug: slugs.low });
  const stripeId = result.subscription.stripeSubscriptionId;
  if (!stripeId) throw new Error("no Stripe subscription id");
  const remote = fake.subscriptions.get(stripeId);
  if (!remote) throw new Error("the fake Stripe has no such subscription");
  return { ...result, remote };
}

describe("subscribing through Stripe", () => {
  it("never grants a paid plan or add-on to a new sign-up without Stripe: changePlan points to subscribe, which replaces the free plan", async () => {
    const anonymous = callerFor(database.db, null, { billing: provider });
    const signUp = await anonymous.auth.signUp({
      email: `paid-${randomUUID().slice(0, 8)}@example.test`,
      password: "correct horse battery",
      name: "Free rider",
      tenantName: "Free rider",
    });
    const me = callerFor(database.db, `Bearer ${signUp.token}`, { billing: provider });
    const before = fake.requests.length;
    const plan = await me.billing.changePlan({ planSlug: slugs.high }).catch((error: unknown) => error);
    expect(plan).toMatchObject({ code: "PAYMENT_REQUIRED", message: expect.stringContaining("billing.subscribe") });
    const addon = await me.billing.addons.add({ type: "users", quantity: 1 }).catch((error: unknown) => error);
    expect(addon).toMatchObject({ code: "PAYMENT_REQUIRED" });
    expect(fake.requests.length).toBe(before);
    const current = await me.billing.subscription();
    expect(current).toMatchObject({ stripeSubscriptionId: null, plan: { slug: "free" } });

    const { subscription } = await me.billing.subscribe({ planSlug: slugs.high });
    expect(subscription.stripeSubscriptionId).toMatch(/^sub_/);
    expect((await me.billing.subscription())?.id).toBe(subscription.id);
  });

  it("applies the plan's limits only once the first payment is confirmed", async () => {
    const { remote } = await subscribed();
    const createLead = () => owner.leads.create({ email: `lead-${randomUUID()}@example.test` });
    const refused = await createLead().catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "PAYMENT_REQUIRED" });
    expect((refused as { cause?: { details?: unknown } }).cause?.details).toMatchObject({
      limit: "max_contacts",
      status: "incomplete",
    });
    expect(await database.db.select().from(schema.leads).where(eq(schema.leads.tenantId, tenant.tenantId))).toEqual([]);

    await deliver(signed("invoice.paid", invoiceFor(remote, 1000)));
    await expect(createLead()).resolves.toMatchObject({ status: "new" });
  });

  it("creates the customer once, the subscription, and returns the client secret to confirm payment", async () => {
    const { subscription, clientSecret, remote } = await subscribed();
    expect(subscription.status).toBe("incomplete");
    expect(clientSecret).toBe(`pi_${remote.id}_secret_x`);
    expect(remote.items.data.map((i) => i.price.id)).toEqual([price.low]);
    expect(remote.metadata).toMatchObject({ tenantId: tenant.tenantId, initiatedByUserId: tenant.ownerUserId });
    const [config] = await database.db
      .select({ customer: schema.tenantConfig.stripeCustomerId })
      .from(schema.tenantConfig)
      .where(eq(schema.tenantConfig.tenantId, tenant.tenantId));
    expect(config?.customer).toBe(remote.customer);
    expect(fake.customers.get(remote.customer)).toMatchObject({ metadata: { tenantId: tenant.tenantId } });

    // Paid: the subscription activates and the payment is listed, once however often Stripe retries.
    const paid = signed("invoice.paid", invoiceFor(remote, 1000));
    expect(await deliver(paid)).toEqual({ status: 200, body: { received: true, duplicate: false } });
    expect(await deliver(paid)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect((await owner.billing.subscription())?.status).toBe("active");
    const payments = await owner.billing.payments.list();
    expect(payments.items).toEqual([
      expect.objectContaining({
        amountCents: 1000,
        currency: "usd",
        status: "succeeded",
        initiatedByUserId: tenant.ownerUserId,
      }),
    ]);

    // Ended by Stripe, then subscribed again: the same customer is reused.
    await deliver(signed("customer.subscription.deleted", { ...remote, status: "canceled" }));
    expect(await owner.billing.subscription()).toBeNull();
    const customers = fake.customers.size;
    const again = await owner.billing.subscribe({ planSlug: slugs.high });
    expect(fake.subscriptions.get(again.subscription.stripeSubscriptionId ?? "")?.customer).toBe(remote.customer);
    expect(fake.customers.size).toBe(customers);
  });

  it("upgrades at once, downgrades on Stripe without proration and locally at the renewal", async () => {
    const { remote } = await subscribed();
    await owner.billing.changePlan({ planSlug: slugs.high });
    expect(remote.items.data.map((i) => i.price.id)).toEqual([price.high]);
    expect((await owner.billing.subscription())?.plan?.slug).toBe(slugs.high);

    await owner.billing.changePlan({ planSlug: slugs.low });
    expect(remote.items.data.map((i) => i.price.id)).toEqual([price.low]);
    expect(await owner.billing.subscription()).toMatchObject({
      plan: { slug: slugs.high },
      pendingPlan: { slug: slugs.low },
    });

    // An update in the same period (status only) keeps the higher plan until the period ends.
    const later = Math.floor(Date.now() / 1000) + 5;
    await deliver(signed("customer.subscription.updated", { ...remote, status: "active" }, { created: later }));
    expect(await owner.billing.subscription()).toMatchObject({ plan: { slug: slugs.high }, status: "active" });

    fake.renew(remote.id);
    await deliver(signed("customer.subscription.updated", { ...remote, status: "active" }, { created: later + 1 }));
    expect(await owner.billing.subscription()).toMatchObject({ plan: { slug: slugs.low }, pendingPlan: null });
  });

  it("mirrors cancel, resume and add-ons to the Stripe subscription", async () => {
    const { remote } = await subscribed();
    await owner.billing.cancel();
    expect(remote.cancel_at_period_end).toBe(true);
    await owner.billing.resume();
    expect(remote.cancel_at_period_end).toBe(false);

    const first = await owner.billing.addons.add({ type: "users", quantity: 2 });
    const second = await owner.billing.addons.add({ type: "users", quantity: 1 });
    const usersItem = () => remote.items.data.find((i) => i.price.id === price.users);
    expect(usersItem()?.quantity).toBe(3);
    await owner.billing.addons.remove({ id: first.id });
    expect(usersItem()?.quantity).toBe(1);
    await owner.billing.addons.remove({ id: second.id });
    expect(usersItem()).toBeUndefined();

    const unsold = await owner.billing.addons.add({ type: "domains", quantity: 1 }).catch((e: unknown) => e);
    expect(unsold).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps the Stripe quantity equal to the sum of add-ons bought at the same time", async () => {
    const { remote } = await subscribed();
    const bought = await Promise.all(
      [1, 2, 3, 4, 5].map((quantity) => owner.billing.addons.add({ type: "users", quantity })),
    );
    expect(bought.map((a) => a.quantity).sort()).toEqual([1, 2, 3, 4, 5]);
    const usersItem = () => remote.items.data.find((i) => i.price.id === price.users);
    expect(usersItem()?.quantity).toBe(15);
    await Promise.all(bought.slice(0, 2).map((a) => owner.billing.addons.remove({ id: a.id })));
    expect(usersItem()?.quantity).toBe(12);
  });
});

describe("subscribing through Stripe under an idempotency key", () => {
  const stripeSubscriptionsOf = (tenantId: string) =>
    [...fake.subscriptions.values()].filter((sub) => sub.metadata.tenantId === tenantId);

  it("creates one Stripe subscription however often the call is retried", async () => {
    const input = { planSlug: slugs.low, idempotencyKey: `sub-${randomUUID()}` };
    const first = await owner.billing.subscribe(input);
    expect(await owner.billing.subscribe(input)).toEqual(first);
    expect(stripeSubscriptionsOf(tenant.tenantId).map((sub) => sub.id)).toEqual([
      first.subscription.stripeSubscriptionId,
    ]);
  });

  it("lets one of several simultaneous subscribes through, and creates one Stripe subscription", async () => {
    const outcomes = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        owner.billing.subscribe({ planSlug: slugs.low, idempotencyKey: `race-${n}-${randomUUID()}` }),
      ),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const lost of outcomes.filter((o) => o.status === "rejected")) {
      expect(lost.reason).toMatchObject({ code: "CONFLICT" });
    }
    expect(stripeSubscriptionsOf(tenant.tenantId)).toHaveLength(1);
  });

  it("finds Stripe's subscription again when a first attempt failed after Stripe created it", async () => {
    // What a retry sends after the database lost the first attempt's row: the same key again.
    const args = {
      customerId: await provider.ensureCustomer({
        customerId: null,
        tenantId: tenant.tenantId,
        email: null,
        name: "T",
      }),
      tenantId: tenant.tenantId,
      initiatedByUserId: null,
      priceId: price.low,
      amountCents: 1000,
      interval: "month" as const,
      now: new Date(),
      idempotencyKey: `sub-${randomUUID()}`,
    };
    const first = await provider.createSubscription(args);
    const retried = await provider.createSubscription(args);
    expect(retried.externalId).toBe(first.externalId);
    expect(stripeSubscriptionsOf(tenant.tenantId)).toHaveLength(1);
    const other = await provider.createSubscription({ ...args, idempotencyKey: `sub-${randomUUID()}` });
    expect(other.externalId).not.toBe(first.externalId);
  });
});

describe("Stripe webhooks", () => {
  const paymentsOf = (tenantId: string) =>
    database.db.select({ id: schema.payments.id }).from(schema.payments).where(eq(schema.payments.tenantId, tenantId));

  it("refuses forged and stale signatures and writes nothing", async () => {
    const { remote } = await subscribed();
    const forged = signed("invoice.paid", invoiceFor(remote, 1000), { secret: "whsec_wrong" });
    expect((await deliver(forged)).status).toBe(400);
    const stale = signed("invoice.paid", invoiceFor(remote, 1000), { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await deliver(stale)).status).toBe(400);
    const good = signed("invoice.paid", invoiceFor(remote, 1000));
    expect((await handleStripeWebhook({ db: database.db, billing: provider }, good.payload, null)).status).toBe(400);
    const tampered = { payload: good.payload.replace("1000", "1"), header: good.header };
    expect((await deliver(tampered)).status).toBe(400);
    expect(await paymentsOf(tenant.tenantId)).toEqual([]);
    expect((await owner.billing.subscription())?.status).toBe("incomplete");
    const seen = await database.db
      .select({ id: schema.webhookEvents.id })
      .from(schema.webhookEvents)
      .where(and(eq(schema.webhookEvents.id, JSON.parse(good.payload).id)));
    expect(seen).toEqual([]);
  });

  it("ignores events older than the state they would overwrite, and never revives a canceled subscription", async () => {
    const { remote } = await subscribed();
    const now = Math.floor(Date.now() / 1000);
    await deliver(signed("customer.subscription.updated", { ...remote, status: "past_due" }, { created: now + 10 }));
    await deliver(signed("customer.subscription.updated", { ...remote, status: "active" }, { created: now + 5 }));
    expect((await owner.billing.subscription())?.status).toBe("past_due");

    await deliver(signed("customer.subscription.deleted", { ...remote, status: "canceled" }, { created: now + 20 }));
    await deliver(signed("customer.subscription.updated", { ...remote, status: "active" }, { created: now + 30 }));
    expect(await owner.billing.subscription()).toBeNull();
  });

  it("records a failed payment and settles it when the invoice is paid", async () => {
    const { remote } = await subscribed();
    const invoice = invoiceFor(remote, 1000);
    await deliver(signed("invoice.payment_failed", invoice));
    expect((await owner.billing.payments.list()).items).toEqual([expect.objectContaining({ status: "failed" })]);
    await deliver(signed("invoice.paid", invoice));
    expect((await owner.billing.payments.list()).items).toEqual([
      expect.objectContaining({ status: "succeeded", amountCents: 1000 }),
    ]);
  });

  it("answers 404 without Stripe configured", async () => {
    const event = signed("invoice.paid", {});
    const { LocalBillingProvider } = await import("../src/services/billing/local-provider.js");
    const outcome = await handleStripeWebhook(
      { db: database.db, billing: new LocalBillingProvider() },
      event.payload,
      event.header,
    );
    expect(outcome.status).toBe(404);
  });
});
