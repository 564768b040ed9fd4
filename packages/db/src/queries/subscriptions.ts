// Subscriptions: the tenant's current one, its changes, and the local renewals.
import { and, eq, isNull, lte, notInArray } from "drizzle-orm";
import type { Database } from "../client.js";
import { subscriptions } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { ENDED_SUBSCRIPTION_STATUSES } from "./limits.js";
import { tenantIsActive } from "./tenants.js";

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

/** Starts a subscription on `planId` for one monthly period from `now` (sign-up, staff, fixtures). */
export async function insertMonthlySubscription(
  db: Database,
  args: { tenantId: string; planId: string; billingContactUserId: string | null; now: Date },
) {
  const end = new Date(args.now);
  end.setUTCMonth(end.getUTCMonth() + 1);
  return insertCurrentSubscription(db, {
    tenantId: args.tenantId,
    planId: args.planId,
    status: "active",
    currentPeriodStart: args.now,
    currentPeriodEnd: end,
    billingContactUserId: args.billingContactUserId,
  });
}
