import { randomUUID } from "node:crypto";
import { AppDeps, StripeBillingProvider } from "@outbound/api";
import { findActivePlanBySlugWithPrices } from "@outbound/db/queries/plans";
import { findSubscriptionByStripeId, insertCurrentSubscription } from "@outbound/db/queries/subscriptions";
import { createTestTenant, type TestTenant, useTestDatabase } from "@outbound/testing";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";

const SECRET = "whsec_server_test";
const database = useTestDatabase();
let tenant: TestTenant;
let app: ReturnType<typeof createApp>;
const stripeSubscriptionId = `sub_${randomUUID().replace(/-/g, "")}`;

beforeAll(async () => {
  tenant = await createTestTenant(database.db);
  const plan = await findActivePlanBySlugWithPrices(database.db, "starter");
  if (!plan) throw new Error("starter plan not seeded");
  await insertCurrentSubscription(database.db, {
    tenantId: tenant.tenantId,
    planId: plan.id,
    status: "incomplete",
    stripeSubscriptionId,
  });
  // The API base is never reached: webhooks only read and write the database.
  const billing = new StripeBillingProvider({
    secretKey: "sk_test_x",
    webhookSecret: SECRET,
    apiBase: "http://127.0.0.1:9",
  });
  app = createApp({ deps: new AppDeps(database.db, { billing }), logger: createLogger("silent") });
});

function event(secret = SECRET, subscriptionId = stripeSubscriptionId) {
  const payload = JSON.stringify({
    id: `evt_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    type: "customer.subscription.updated",
    created: Math.floor(Date.now() / 1000) + 1,
    data: {
      object: {
        id: subscriptionId,
        object: "subscription",
        status: "active",
        cancel_at_period_end: true,
        items: { data: [] },
      },
    },
  });
  const header = new Stripe("sk_test_signer").webhooks.generateTestHeaderString({ payload, secret });
  return { payload, header };
}

const post = (target: ReturnType<typeof createApp>, body: string, signature: string) =>
  target.request("/webhooks/stripe", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "stripe-signature": signature },
  });

const statusOfSubscription = async () => {
  const row = await findSubscriptionByStripeId(database.db, stripeSubscriptionId);
  return { status: row?.status, cancel: row?.cancelAtPeriodEnd };
};

describe("POST /webhooks/stripe", () => {
  it("refuses a bad signature with 400 and applies a signed event once", async () => {
    const forged = event("whsec_other");
    expect((await post(app, forged.payload, forged.header)).status).toBe(400);
    expect(await statusOfSubscription()).toEqual({ status: "incomplete", cancel: false });

    const good = event();
    const first = await post(app, good.payload, good.header);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(await statusOfSubscription()).toEqual({ status: "active", cancel: true });
    expect(await (await post(app, good.payload, good.header)).json()).toEqual({ received: true, duplicate: true });
  });

  it("acknowledges and ignores a signed event without data, or with a data object of the wrong shape", async () => {
    const before = await statusOfSubscription();
    const sign = (payload: string) =>
      new Stripe("sk_test_signer").webhooks.generateTestHeaderString({ payload, secret: SECRET });
    for (const shape of [
      { id: "evt_no_data", object: "event", type: "customer.subscription.updated", created: 1 },
      { id: "evt_null_object", type: "customer.subscription.deleted", created: 1, data: { object: null } },
      { id: "evt_array", type: "invoice.paid", created: 1, data: { object: [1] } },
      { type: "invoice.paid", data: { object: {} } },
    ]) {
      const payload = JSON.stringify(shape);
      const res = await post(app, payload, sign(payload));
      expect({ shape, status: res.status }).toEqual({ shape, status: 200 });
      expect(await res.json()).toEqual({ received: true });
    }
    expect(await statusOfSubscription()).toEqual(before);
  });

  it("leaves an event about a subscription not committed yet unclaimed (409), so Stripe's retry applies it", async () => {
    const other = await createTestTenant(database.db);
    const lateId = `sub_${randomUUID().replace(/-/g, "")}`;
    const early = event(SECRET, lateId);
    const refused = await post(app, early.payload, early.header);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ received: false });

    // The subscribe transaction commits; Stripe delivers the same event again.
    const plan = await findActivePlanBySlugWithPrices(database.db, "starter");
    if (!plan) throw new Error("starter plan not seeded");
    await insertCurrentSubscription(database.db, {
      tenantId: other.tenantId,
      planId: plan.id,
      status: "incomplete",
      stripeSubscriptionId: lateId,
    });
    const retried = await post(app, early.payload, early.header);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ received: true, duplicate: false });
    expect((await findSubscriptionByStripeId(database.db, lateId))?.status).toBe("active");
  });

  it("answers 404 when billing is local", async () => {
    const local = createApp({ deps: new AppDeps(database.db), logger: createLogger("silent") });
    const good = event();
    expect((await post(local, good.payload, good.header)).status).toBe(404);
  });
});
