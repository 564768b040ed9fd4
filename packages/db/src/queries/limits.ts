import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { plans, subscriptions } from "../schema/index.js";

/** Statuses of a subscription that is over; any other status makes it the tenant's current one (at most one, by index). */
export const ENDED_SUBSCRIPTION_STATUSES = ["canceled", "incomplete_expired"] as const;
/**
 * Current subscriptions whose plan applies: paid, on trial, or in the grace period after a failed
 * renewal. Not `incomplete` (first payment not confirmed yet), `unpaid` or `paused`.
 */
export const ENTITLED_SUBSCRIPTION_STATUSES = ["active", "trialing", "past_due"] as const;

/** The plan behind the tenant's current subscription: every quota and feature flag, or null without one. */
export async function getCurrentPlan(db: Database, tenantId: string) {
  const rows = await db
    .select({
      subscriptionId: subscriptions.id,
      status: subscriptions.status,
      planId: plans.id,
      planSlug: plans.slug,
      maxUsers: plans.maxUsers,
      maxDomains: plans.maxDomains,
      maxCampaignsPerMonth: plans.maxCampaignsPerMonth,
      maxEmailAccounts: plans.maxEmailAccounts,
      maxEmailsPerMonth: plans.maxEmailsPerMonth,
      maxWarmups: plans.maxWarmups,
      maxContacts: plans.maxContacts,
      maxStorageGb: plans.maxStorageGb,
      apiRateLimit: plans.apiRateLimit,
      apiAccess: plans.apiAccess,
      prioritySupport: plans.prioritySupport,
      advancedAnalytics: plans.advancedAnalytics,
      whiteLabel: plans.whiteLabel,
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(
      and(eq(subscriptions.tenantId, tenantId), notInArray(subscriptions.status, [...ENDED_SUBSCRIPTION_STATUSES])),
    )
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Serialises, until the end of the current transaction, every transaction that takes the same
 * (tenant, name) lock. Works on PostgreSQL and PGlite alike; outside a transaction it would be
 * released at once, so only call it inside one.
 */
export async function lockTenantScope(db: Database, args: { tenantId: string; name: string }): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${args.tenantId}:${args.name}`}, 0))`);
}

/** Runs `run` in a transaction that takes the (tenant, name) lock first: such runs take turns. */
export function withTenantLock<T>(
  db: Database,
  args: { tenantId: string; name: string },
  run: (tx: Database) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await lockTenantScope(tx, args);
    return run(tx);
  });
}
