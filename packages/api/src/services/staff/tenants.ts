import type { Database } from "@outbound/db";
import {
  countTenantUsage,
  getCurrentSubscriptionWithPlan,
  getTenantForStaff,
  listTenantMembersForStaff,
  setTenantSuspension,
} from "@outbound/db/queries/admin-tenants";
import { conflict, notFound } from "../../errors.js";
import { tenantAllowances } from "../quotas/limits.js";

/** A tenant with everything support needs at a glance: subscription, quotas against what it holds, members. */
export async function getTenantOverview(db: Database, tenantId: string) {
  const tenant = await getTenantForStaff(db, tenantId);
  if (!tenant) throw notFound("Tenant");
  const [subscription, allowances, counts, members] = await Promise.all([
    getCurrentSubscriptionWithPlan(db, tenantId),
    tenantAllowances(db, tenantId),
    countTenantUsage(db, tenantId),
    listTenantMembersForStaff(db, tenantId),
  ]);
  return {
    tenant,
    subscription,
    usage: { limits: allowances?.limits ?? null, features: allowances?.features ?? null, counts },
    members,
  };
}

/** `reason` null restores. A deleted tenant can be neither suspended nor restored. */
export async function setSuspension(db: Database, args: { tenantId: string; reason: string | null }) {
  const row = await setTenantSuspension(db, { ...args, now: new Date() });
  if (row) return row;
  const tenant = await getTenantForStaff(db, args.tenantId);
  if (!tenant) throw notFound("Tenant");
  throw conflict("This tenant is deleted", { status: "deleted" });
}
