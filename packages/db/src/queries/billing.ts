import { and, desc, eq, isNull, lt, lte, notInArray, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import {
  payments,
  plans,
  subscriptionAddons,
  subscriptions,
  tenantConfig,
  tenants,
  webhookEvents,
} from "../schema/index.js";
import { setsSomething, unchangedSince } from "./concurrency.js";
import { ENDED_SUBSCRIPTION_STATUSES } from "./limits.js";
import { toPage } from "./pagination.js";
import { tenantIsActive } from "./tenants.js";

/** What anyone may see of a plan; prices in integer cents. */
export const planColumns = {
  id: plans.id,
  name: plans.name,
  slug: plans.slug,
  description: plans.description,
  maxUsers: plans.maxUsers,
  maxDomains: plans.maxDomains,
  maxCampaignsPerMonth: plans.maxCampaignsPerMonth,
  apiRateLimit: plans.apiRateLimit,
  maxEmailAccounts: plans.maxEmailAccounts,
  maxEmailsPerMonth: plans.maxEmailsPerMonth,
  maxWarmups: plans.maxWarmups,
  maxContacts: plans.maxContacts,
  maxStorageGb: plans.maxStorageGb,
  apiAccess: plans.apiAccess,
  prioritySupport: plans.prioritySupport,
  advancedAnalytics: plans.advancedAnalytics,
  whiteLabel: plans.whiteLabel,
  priceMonthly: plans.priceMonthly,
  priceYearly: plans.priceYearly,
  isActive: plans.isActive,
};

/** Staff see the Stripe price ids and notes as well. */
export const adminPlanColumns = {
  ...planColumns,
  notes: plans.notes,
  stripePriceMonthlyId: plans.stripePriceMonthlyId,
  stripePriceYearlyId: plans.stripePriceYearlyId,
  created: plans.created,
  updated: plans.updated,
};

export async function listActivePlans(db: Database) {
  return db.select(planColumns).from(plans).where(eq(plans.isActive, true)).orderBy(plans.priceMonthly, plans.slug);
}

export async function getPlanById(db: Database, id: string) {
  const rows = await db.select(adminPlanColumns).from(plans).where(eq(plans.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findPlanByStripePrice(db: Database, priceId: string) {
  const rows = await db
    .select({ id: plans.id })
    .from(plans)
    .where(sql`${plans.stripePriceMonthlyId} = ${priceId} or ${plans.stripePriceYearlyId} = ${priceId}`)
    .limit(1);
  return rows[0] ?? null;
}

export type NewPlan = Omit<typeof plans.$inferInsert, "id" | "created" | "updated">;

export async function insertPlan(db: Database, plan: NewPlan) {
  const [row] = await db.insert(plans).values(plan).returning(adminPlanColumns);
  if (!row) throw new Error("plan insert returned nothing");
  return row;
}

export async function updatePlan(db: Database, id: string, patch: Partial<NewPlan>) {
  const [row] = setsSomething(patch)
    ? await db.update(plans).set(patch).where(eq(plans.id, id)).returning(adminPlanColumns)
    : await db.select(adminPlanColumns).from(plans).where(eq(plans.id, id));
  return row ?? null;
}

export const subscriptionColumns = {
  id: subscriptions.id,
  planId: subscriptions.planId,
  pendingPlanId: subscriptions.pendingPlanId,
  status: subscriptions.status,
  billingInterval: subscriptions.billingInterval,
  currentPeriodStart: subscriptions.currentPeriodStart,
  currentPeriodEnd: subscriptions.currentPeriodEnd,
  cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
  billingContactUserId: subscriptions.billingContactUserId,
  stripeSubscriptionId: subscriptions.stripeSubscriptionId,
  created: subscriptions.created,
  updated: subscriptions.updated,
};

const isCurrent = (tenantId: string) =>
  and(eq(subscriptions.tenantId, tenantId), notInArray(subscriptions.status, [...ENDED_SUBSCRIPTION_STATUSES]));

/** The tenant's one current subscription (not canceled or expired), or null. */
export async function getCurrentSubscription(db: Database, tenantId: string) {
  const rows = await db.select(subscriptionColumns).from(subscriptions).where(isCurrent(tenantId)).limit(1);
  return rows[0] ?? null;
}

export async function findSubscriptionByStripeId(db: Database, stripeSubscriptionId: string) {
  const rows = await db
    .select({ tenantId: subscriptions.tenantId, ...subscriptionColumns })
    .from(subscriptions)
    .where(eq(subscriptions.stripeSubscriptionId, stripeSubscriptionId))
    .limit(1);
  return rows[0] ?? null;
}

export type NewSubscription = Omit<typeof subscriptions.$inferInsert, "id" | "created" | "updated">;

export async function insertCurrentSubscription(db: Database, row: NewSubscription) {
  const [created] = await db.insert(subscriptions).values(row).returning(subscriptionColumns);
  if (!created) throw new Error("subscription insert returned nothing");
  return created;
}

export type SubscriptionPatch = Partial<Omit<NewSubscription, "tenantId">> & { updated?: Date };

/** With `expectedUpdated`, only a row nobody changed since then moves (null otherwise). */
export async function updateSubscription(
  db: Database,
  args: { tenantId: string; id: string; expectedUpdated?: Date | undefined },
  patch: SubscriptionPatch,
) {
  const [row] = await db
    .update(subscriptions)
    .set(patch)
    .where(
      and(
        eq(subscriptions.tenantId, args.tenantId),
        eq(subscriptions.id, args.id),
        unchangedSince(subscriptions.updated, args.expectedUpdated),
      ),
    )
    .returning(subscriptionColumns);
  return row ?? null;
}

export async function getBillingCustomer(db: Database, tenantId: string) {
  const rows = await db
    .select({ stripeCustomerId: tenantConfig.stripeCustomerId, billingEmail: tenantConfig.billingEmail })
    .from(tenantConfig)
    .where(eq(tenantConfig.tenantId, tenantId))
    .limit(1);
  return rows[0] ?? null;
}

/** Keeps the first customer id stored: a concurrent subscribe that lost the race reuses the winner's. */
export async function storeStripeCustomerId(db: Database, args: { tenantId: string; customerId: string }) {
  await db
    .insert(tenantConfig)
    .values({ tenantId: args.tenantId, stripeCustomerId: args.customerId })
    .onConflictDoUpdate({
      target: tenantConfig.tenantId,
      set: { stripeCustomerId: sql`coalesce(${tenantConfig.stripeCustomerId}, excluded.stripe_customer_id)` },
    });
  const stored = await getBillingCustomer(db, args.tenantId);
  return stored?.stripeCustomerId ?? args.customerId;
}

export async function findTenantByStripeCustomer(db: Database, customerId: string): Promise<string | null> {
  const rows = await db
    .select({ tenantId: tenantConfig.tenantId })
    .from(tenantConfig)
    .where(eq(tenantConfig.stripeCustomerId, customerId))
    .limit(1);
  return rows[0]?.tenantId ?? null;
}

export const addonColumns = {
  id: subscriptionAddons.id,
  subscriptionId: subscriptionAddons.subscriptionId,
  addonType: subscriptionAddons.addonType,
  quantity: subscriptionAddons.quantity,
  priceMonthly: subscriptionAddons.priceMonthly,
  isActive: subscriptionAddons.isActive,
  created: subscriptionAddons.created,
  updated: subscriptionAddons.updated,
};

export async function listActiveAddons(db: Database, args: { tenantId: string; subscriptionId: string }) {
  return db
    .select(addonColumns)
    .from(subscriptionAddons)
    .where(
      and(
        eq(subscriptionAddons.tenantId, args.tenantId),
        eq(subscriptionAddons.subscriptionId, args.subscriptionId),
        eq(subscriptionAddons.isActive, true),
      ),
    )
    .orderBy(subscriptionAddons.created);
}

export async function insertAddon(db: Database, row: Omit<typeof subscriptionAddons.$inferInsert, "id">) {
  const [created] = await db.insert(subscriptionAddons).values(row).returning(addonColumns);
  if (!created) throw new Error("add-on insert returned nothing");
  return created;
}

/** Deactivates one active add-on of the tenant; null when there is none with that id. */
export async function deactivateAddon(db: Database, args: { tenantId: string; id: string }) {
  const [row] = await db
    .update(subscriptionAddons)
    .set({ isActive: false })
    .where(
      and(
        eq(subscriptionAddons.tenantId, args.tenantId),
        eq(subscriptionAddons.id, args.id),
        eq(subscriptionAddons.isActive, true),
      ),
    )
    .returning(addonColumns);
  return row ?? null;
}

export async function getActiveAddon(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select({ ...addonColumns, stripePriceId: subscriptionAddons.stripePriceId })
    .from(subscriptionAddons)
    .where(
      and(
        eq(subscriptionAddons.tenantId, args.tenantId),
        eq(subscriptionAddons.id, args.id),
        eq(subscriptionAddons.isActive, true),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function sumAddonQuantity(
  db: Database,
  args: { tenantId: string; subscriptionId: string; addonType: string },
) {
  const [row] = await db
    .select({ total: sql<string | null>`sum(${subscriptionAddons.quantity})` })
    .from(subscriptionAddons)
    .where(
      and(
        eq(subscriptionAddons.tenantId, args.tenantId),
        eq(subscriptionAddons.subscriptionId, args.subscriptionId),
        eq(subscriptionAddons.addonType, args.addonType),
        eq(subscriptionAddons.isActive, true),
      ),
    );
  return Number(row?.total ?? 0);
}

export const paymentColumns = {
  id: payments.id,
  subscriptionId: payments.subscriptionId,
  initiatedByUserId: payments.initiatedByUserId,
  amount: payments.amount,
  currency: payments.currency,
  status: payments.status,
  processed: payments.processed,
  description: payments.description,
  billingPeriodStart: payments.billingPeriodStart,
  billingPeriodEnd: payments.billingPeriodEnd,
  created: payments.created,
};

export async function listPayments(
  db: Database,
  args: { tenantId: string; cursor?: string | undefined; limit: number },
) {
  const rows = await db
    .select(paymentColumns)
    .from(payments)
    .where(and(eq(payments.tenantId, args.tenantId), args.cursor ? lt(payments.id, args.cursor) : undefined))
    .orderBy(desc(payments.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function insertPayment(db: Database, row: Omit<typeof payments.$inferInsert, "id" | "created">) {
  await db.insert(payments).values(row).onConflictDoNothing();
}

/**
 * Records a webhook event as applied; false when it already was. Called first in the
 * transaction of its effect, so a concurrent duplicate waits on the row and then sees it.
 */
export async function claimWebhookEvent(db: Database, args: { id: string; source: string; type: string }) {
  const rows = await db.insert(webhookEvents).values(args).onConflictDoNothing().returning({ id: webhookEvents.id });
  return rows.length > 0;
}

export async function getTenantName(db: Database, tenantId: string): Promise<string | null> {
  const rows = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return rows[0]?.name ?? null;
}

export async function findActivePlanBySlugWithPrices(db: Database, slug: string) {
  const rows = await db
    .select(adminPlanColumns)
    .from(plans)
    .where(and(eq(plans.slug, slug), eq(plans.isActive, true)))
    .limit(1);
  return rows[0] ?? null;
}

/** A paid invoice settles any earlier failed attempt recorded for it. */
export async function upsertInvoicePayment(db: Database, row: Omit<typeof payments.$inferInsert, "id" | "created">) {
  await db
    .insert(payments)
    .values(row)
    .onConflictDoUpdate({
      target: payments.stripePaymentIntentId,
      set: { status: row.status, amount: row.amount, processed: row.processed },
    });
}

/** Local-provider subscriptions (no Stripe id) whose period ended by `now`; Stripe renews its own by webhook. */
export async function findDueLocalSubscriptions(
  db: Database,
  args: { now: Date; tenantId?: string | undefined; limit?: number },
) {
  const { now } = args;
  return db
    .select({ tenantId: subscriptions.tenantId, ...subscriptionColumns })
    .from(subscriptions)
    .where(
      and(
        isNull(subscriptions.stripeSubscriptionId),
        notInArray(subscriptions.status, [...ENDED_SUBSCRIPTION_STATUSES]),
        lte(subscriptions.currentPeriodEnd, now),
        tenantIsActive(subscriptions.tenantId),
        args.tenantId ? eq(subscriptions.tenantId, args.tenantId) : undefined,
      ),
    )
    .orderBy(subscriptions.currentPeriodEnd)
    .limit(args.limit ?? 500);
}
