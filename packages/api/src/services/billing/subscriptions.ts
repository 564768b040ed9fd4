import type { Database } from "@outbound/db";
import { sumActiveAddons } from "@outbound/db/queries/addons";
import { getBillingCustomer, storeStripeCustomerId } from "@outbound/db/queries/billing-customers";
import { withTenantLock } from "@outbound/db/queries/limits";
import { getLiveMember } from "@outbound/db/queries/members";
import { insertPayment } from "@outbound/db/queries/payments";
import { findActivePlanBySlugWithPrices, getPlanById } from "@outbound/db/queries/plans";
import {
  getCurrentSubscription,
  insertCurrentSubscription,
  updateSubscription,
} from "@outbound/db/queries/subscriptions";
import { getTenantName } from "@outbound/db/queries/tenants";
import { conflict, DomainError, notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { planLimitEntries, usageCounts } from "../quotas/plan-limits.js";
import { centsToMoney } from "./money.js";
import type { BillingInterval, BillingProvider } from "./provider.js";

type Plan = NonNullable<Awaited<ReturnType<typeof getPlanById>>>;

export interface BillingActor {
  db: Database;
  provider: BillingProvider;
  tenantId: string;
  /** The signed-in user; null for API keys. */
  userId: string | null;
  /** The request's instant, from the injected clock. */
  now: Date;
}

/**
 * The one rule for paid changes: with a payment provider, nothing priced is granted to a
 * subscription the provider doesn't bill (the free plan every sign-up starts on is local only).
 * Such a tenant starts paying with `billing.subscribe`, which replaces the local subscription.
 */
export function assertProviderBills(
  actor: BillingActor,
  current: { stripeSubscriptionId: string | null },
  what: string,
): void {
  if (actor.provider.kind === "stripe" && !current.stripeSubscriptionId) {
    throw new DomainError(
      "PAYMENT_REQUIRED",
      `${what} is paid, and this tenant has no paid subscription yet: start one with billing.subscribe`,
      { limit: "payment" },
    );
  }
}

const priceOf = (plan: Plan, interval: string) => (interval === "year" ? plan.priceYearly : plan.priceMonthly);
const stripePriceOf = (plan: Plan, interval: string) =>
  interval === "year" ? plan.stripePriceYearlyId : plan.stripePriceMonthlyId;

async function requireCurrent(db: Database, tenantId: string) {
  const current = await getCurrentSubscription(db, tenantId);
  if (!current) throw conflict("This tenant has no subscription: subscribe to a plan first", { status: "none" });
  return current;
}

async function requirePlan(db: Database, slug: string): Promise<Plan> {
  const plan = await findActivePlanBySlugWithPrices(db, slug);
  if (!plan) throw notFound("Plan");
  return plan;
}

interface SubscribeInput {
  planSlug: string;
  interval: BillingInterval;
  billingContactUserId?: string | undefined;
}

/**
 * Starts the tenant's one subscription, creating (or reusing) the provider's customer first.
 * Returns the client secret when the provider needs the client to confirm the first payment.
 * Under an `idempotencyKey`, a retry returns the first result, and the provider is given a key
 * derived from it: a retry after a failure between the provider and our database finds the
 * provider's subscription again instead of creating a second one.
 */
export async function subscribe(
  actor: BillingActor & { once: Once },
  input: SubscribeInput & { idempotencyKey?: string | undefined },
) {
  const { idempotencyKey, ...request } = input;
  // One subscribe per tenant at a time: a second one waits, then finds the first subscription
  // (CONFLICT) before it reaches the provider, so a race can't leave an orphan subscription there.
  return actor.once((db) =>
    withTenantLock(db, { tenantId: actor.tenantId, name: "subscription" }, (tx) =>
      startSubscription({ ...actor, db: tx }, request, idempotencyKey),
    ),
  );
}

async function startSubscription(actor: BillingActor, input: SubscribeInput, idempotencyKey: string | undefined) {
  const { db, provider, tenantId } = actor;
  const plan = await requirePlan(db, input.planSlug);
  const contactId = input.billingContactUserId ?? actor.userId;
  if (input.billingContactUserId && !(await getLiveMember(db, { tenantId, userId: input.billingContactUserId }))) {
    throw notFound("Member");
  }
  const existing = await getCurrentSubscription(db, tenantId);
  // On a payment provider, a subscription it doesn't bill (the sign-up's free plan) gives way to the paid one.
  const replacesLocal = existing !== null && provider.kind === "stripe" && !existing.stripeSubscriptionId;
  if (existing && !replacesLocal) {
    throw conflict("This tenant already has a subscription: use changePlan to move to another plan", {
      status: existing.status,
    });
  }
  const customer = await getBillingCustomer(db, tenantId);
  const customerId = await provider.ensureCustomer({
    customerId: customer?.stripeCustomerId ?? null,
    tenantId,
    email: customer?.billingEmail ?? null,
    name: (await getTenantName(db, tenantId)) ?? tenantId,
  });
  const storedCustomerId = customerId ? await storeStripeCustomerId(db, { tenantId, customerId }) : null;
  const { now } = actor;
  const remote = await provider.createSubscription({
    customerId: storedCustomerId,
    tenantId,
    initiatedByUserId: actor.userId,
    priceId: stripePriceOf(plan, input.interval),
    amountCents: priceOf(plan, input.interval),
    interval: input.interval,
    now,
    idempotencyKey,
  });
  const subscription = await db.transaction(async (tx) => {
    if (existing && replacesLocal) {
      await updateSubscription(tx, { tenantId, id: existing.id }, { status: "canceled", updated: now });
    }
    const row = await insertCurrentSubscription(tx, {
      tenantId,
      planId: plan.id,
      status: remote.status,
      billingInterval: input.interval,
      currentPeriodStart: remote.periodStart,
      currentPeriodEnd: remote.periodEnd,
      billingContactUserId: contactId,
      stripeSubscriptionId: remote.externalId,
    });
    if (remote.payment) {
      await insertPayment(tx, {
        tenantId,
        subscriptionId: row.id,
        initiatedByUserId: actor.userId,
        amount: centsToMoney(remote.payment.amountCents),
        currency: remote.payment.currency,
        status: "succeeded",
        processed: now,
        description: `${plan.name} (${input.interval})`,
        billingPeriodStart: remote.periodStart,
        billingPeriodEnd: remote.periodEnd,
      });
    }
    return row;
  });
  return { subscription, clientSecret: remote.clientSecret };
}

/** Limits the tenant's usage (counted at `now`) would break on `plan` (plus its active add-ons), as readable lines. */
export async function downgradeBlockers(
  db: Database,
  args: { tenantId: string; subscriptionId: string; plan: Plan; now: Date },
) {
  const { tenantId, subscriptionId, plan } = args;
  const [addons, used] = await Promise.all([
    sumActiveAddons(db, { tenantId, subscriptionId }),
    usageCounts(db, { tenantId, now: args.now }),
  ]);
  const blockers: string[] = [];
  for (const [limit, { field, addon, monthly }] of planLimitEntries()) {
    // Monthly counters restart before a downgrade takes effect, so they never block one.
    if (monthly) continue;
    const allowed = plan[field] + (addons[addon] ?? 0);
    if (used[limit] > allowed) blockers.push(`${limit}: ${used[limit]} in use, ${allowed} allowed on ${plan.slug}`);
  }
  return blockers;
}

/**
 * An upgrade (a plan costing at least as much) applies now and the provider prorates it; a
 * downgrade waits for the period end as `pendingPlanId`, and is refused while usage exceeds it.
 */
export async function changePlan(actor: BillingActor, input: { planSlug: string }) {
  const { db, provider, tenantId } = actor;
  const current = await requireCurrent(db, tenantId);
  const target = await requirePlan(db, input.planSlug);
  const key = { tenantId, id: current.id };
  if (target.id === current.planId) {
    if (current.pendingPlanId) {
      await provider.changePrice({
        externalId: current.stripeSubscriptionId,
        priceId: stripePriceOf(target, current.billingInterval),
        prorate: false,
      });
    }
    return updateSubscription(db, key, { pendingPlanId: null });
  }
  if (priceOf(target, current.billingInterval) > 0) assertProviderBills(actor, current, `The ${target.slug} plan`);
  const from = await getPlanById(db, current.planId);
  const upgrade = !from || priceOf(target, current.billingInterval) >= priceOf(from, current.billingInterval);
  if (!upgrade) {
    const blockers = await downgradeBlockers(db, {
      tenantId,
      subscriptionId: current.id,
      plan: target,
      now: actor.now,
    });
    if (blockers.length > 0) {
      throw conflict(`Usage exceeds the ${target.slug} plan: reduce it before downgrading`, { blockers });
    }
  }
  // A downgrade moves the provider's price without proration: it bills from the next period on.
  await provider.changePrice({
    externalId: current.stripeSubscriptionId,
    priceId: stripePriceOf(target, current.billingInterval),
    prorate: upgrade,
  });
  return updateSubscription(
    db,
    key,
    upgrade ? { planId: target.id, pendingPlanId: null } : { pendingPlanId: target.id },
  );
}

export async function setCancelAtPeriodEnd(actor: BillingActor, cancel: boolean) {
  const current = await requireCurrent(actor.db, actor.tenantId);
  await actor.provider.setCancelAtPeriodEnd({ externalId: current.stripeSubscriptionId, cancel });
  return updateSubscription(actor.db, { tenantId: actor.tenantId, id: current.id }, { cancelAtPeriodEnd: cancel });
}

export async function setBillingContact(actor: BillingActor, input: { userId: string }) {
  if (!(await getLiveMember(actor.db, { tenantId: actor.tenantId, userId: input.userId }))) throw notFound("Member");
  const current = await requireCurrent(actor.db, actor.tenantId);
  return updateSubscription(
    actor.db,
    { tenantId: actor.tenantId, id: current.id },
    { billingContactUserId: input.userId },
  );
}
