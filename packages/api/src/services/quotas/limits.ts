import type { Database } from "@outbound/db";
import { sumActiveAddons } from "@outbound/db/queries/addons";
import { ENTITLED_SUBSCRIPTION_STATUSES, getCurrentPlan, withTenantLock } from "@outbound/db/queries/limits";
import type { PlanLimit } from "../../domain/plan-limits.js";
import { DomainError } from "../../errors.js";
import { PLAN_FEATURES, PLAN_LIMITS, type PlanFeature, planLimitEntries, type UsageScope } from "./plan-limits.js";

export interface TenantAllowances {
  subscriptionId: string;
  /** The subscription's status; its plan applies only when `entitled`. */
  status: string;
  /** Paid, on trial or in the grace period; false while the first payment awaits confirmation, or unpaid. */
  entitled: boolean;
  plan: { id: string; slug: string };
  /** Plan quota plus the active add-ons of the current subscription. */
  limits: Record<PlanLimit, number>;
  features: Record<PlanFeature, boolean>;
}

function noSubscription(limit: string): DomainError {
  return new DomainError(
    "PAYMENT_REQUIRED",
    `This tenant has no active subscription, so ${limit} allows nothing: subscribe to a plan first`,
    { limit },
  );
}

/**
 * The allowances that apply now: PAYMENT_REQUIRED (`{ limit }`, plus `status`) without a
 * subscription, or while the subscription is not entitled to its plan (payment not confirmed, unpaid).
 */
export async function applicableAllowances(db: Database, tenantId: string, limit: string): Promise<TenantAllowances> {
  const allowances = await tenantAllowances(db, tenantId);
  if (!allowances) throw noSubscription(limit);
  if (!allowances.entitled) {
    const why =
      allowances.status === "incomplete"
        ? "its first payment is not confirmed yet: complete the payment"
        : `it is ${allowances.status}: settle the open invoice`;
    throw new DomainError("PAYMENT_REQUIRED", `The subscription's plan does not apply while ${why}`, {
      limit,
      status: allowances.status,
    });
  }
  return allowances;
}

/** What the tenant's current subscription allows, or null when it has none. Billing's `usage` reads this too. */
export async function tenantAllowances(db: Database, tenantId: string): Promise<TenantAllowances | null> {
  const plan = await getCurrentPlan(db, tenantId);
  if (!plan) return null;
  const addons = await sumActiveAddons(db, { tenantId, subscriptionId: plan.subscriptionId });
  const limits = {} as Record<PlanLimit, number>;
  for (const [name, { field, addon }] of planLimitEntries()) limits[name] = plan[field] + (addons[addon] ?? 0);
  const features = {} as Record<PlanFeature, boolean>;
  for (const [name, field] of Object.entries(PLAN_FEATURES) as [PlanFeature, (typeof PLAN_FEATURES)[PlanFeature]][]) {
    features[name] = plan[field];
  }
  return {
    subscriptionId: plan.subscriptionId,
    status: plan.status,
    entitled: (ENTITLED_SUBSCRIPTION_STATUSES as readonly string[]).includes(plan.status),
    plan: { id: plan.planId, slug: plan.planSlug },
    limits,
    features,
  };
}

/** Refuses with PAYMENT_REQUIRED (`{ limit: feature }`) unless the tenant's current plan includes `feature`. */
export async function requireFeature(db: Database, tenantId: string, feature: PlanFeature): Promise<void> {
  const allowances = await applicableAllowances(db, tenantId, feature);
  if (!allowances.features[feature]) {
    throw new DomainError("PAYMENT_REQUIRED", `Your plan does not include ${feature}: upgrade to use it`, {
      limit: feature,
    });
  }
}

export interface LimitRequest extends UsageScope {
  limit: PlanLimit;
  /** How many units the create adds (default 1); an import passes its row count. */
  adding?: number;
}

/**
 * Count, check and create as one step: a transaction-scoped advisory lock per (tenant, limit)
 * makes concurrent creates against the same limit take turns, so the limit's registry count
 * (plan-limits.ts) always sees every earlier create committed and the limit can't be overshot
 * however many requests race. `create` must use the `tx` it gets (never the outer db), or it
 * would run outside the lock (and, on a pool, wait for a connection the lock holders keep).
 * Refuses with PAYMENT_REQUIRED `{ limit, allowed, used }` when `used + adding > allowed`.
 */
export async function withinLimit<T>(
  db: Database,
  request: LimitRequest,
  create: (tx: Database) => Promise<T>,
): Promise<T> {
  const { tenantId, limit, adding = 1 } = request;
  return withTenantLock(db, { tenantId, name: `limit:${limit}` }, async (tx) => {
    const allowances = await applicableAllowances(tx, tenantId, limit);
    const allowed = allowances.limits[limit];
    const used = await PLAN_LIMITS[limit].count(tx, request);
    if (used + adding > allowed) {
      const room = Math.max(allowed - used, 0);
      const asked = adding === 1 ? "" : `, ${adding} more asked for (room for ${room})`;
      const message = `Plan limit ${limit} reached: ${used} of ${allowed} in use${asked}. Upgrade the plan or buy an add-on for more`;
      throw new DomainError("PAYMENT_REQUIRED", message, { limit, allowed, used });
    }
    return create(tx);
  });
}
