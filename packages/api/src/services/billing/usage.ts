import type { Database } from "@outbound/db";
import { PLAN_LIMIT_NAMES } from "../../domain/plan-limits.js";
import { tenantAllowances } from "../quotas/limits.js";
import { type UsageScope, usageCounts } from "../quotas/plan-limits.js";

/**
 * Every plan limit as used (its registry count; monthly limits count `now`'s UTC month) vs
 * allowed (plan plus active add-ons); `allowed` is 0 without a subscription.
 */
export async function tenantUsage(db: Database, scope: UsageScope) {
  const [allowances, used] = await Promise.all([tenantAllowances(db, scope.tenantId), usageCounts(db, scope)]);
  return {
    plan: allowances?.plan ?? null,
    limits: PLAN_LIMIT_NAMES.map((limit) => ({ limit, used: used[limit], allowed: allowances?.limits[limit] ?? 0 })),
  };
}
