import { and, eq, gt, inArray, isNull, lt, notInArray, or } from "drizzle-orm";
import type { Database } from "../client.js";
import {
  domainIpAssignments,
  plans,
  smtpIpAddresses,
  subscriptionAddons,
  subscriptions,
  tenants,
  vpsInstances,
} from "../schema/index.js";
import { ENDED_SUBSCRIPTION_STATUSES } from "./limits.js";

/**
 * Assignments that may have been active within [start, end), with the costs of their IP and
 * VPS; the exact active days are decided by the caller. An assignment whose status is not
 * `active` ended at its `updated`.
 */
export async function assignmentsOverlapping(db: Database, args: { start: Date; end: Date }) {
  return db
    .select({
      tenantId: domainIpAssignments.tenantId,
      assignmentId: domainIpAssignments.id,
      status: domainIpAssignments.status,
      assigned: domainIpAssignments.assigned,
      expires: domainIpAssignments.expires,
      updated: domainIpAssignments.updated,
      ipId: smtpIpAddresses.id,
      ipCost: smtpIpAddresses.approximateCost,
      vpsId: vpsInstances.id,
      vpsCost: vpsInstances.monthlyCost,
    })
    .from(domainIpAssignments)
    .innerJoin(smtpIpAddresses, eq(smtpIpAddresses.id, domainIpAssignments.smtpIpAddressId))
    .innerJoin(vpsInstances, eq(vpsInstances.id, smtpIpAddresses.vpsInstanceId))
    .where(
      and(
        lt(domainIpAssignments.assigned, args.end),
        or(isNull(domainIpAssignments.expires), gt(domainIpAssignments.expires, args.start)),
        or(eq(domainIpAssignments.status, "active"), gt(domainIpAssignments.updated, args.start)),
      ),
    );
}

/** Each live tenant's current subscription with its plan prices (integer cents). */
export async function currentSubscriptionsWithPlans(db: Database) {
  return db
    .select({
      tenantId: subscriptions.tenantId,
      subscriptionId: subscriptions.id,
      billingInterval: subscriptions.billingInterval,
      planSlug: plans.slug,
      priceMonthly: plans.priceMonthly,
      priceYearly: plans.priceYearly,
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .innerJoin(tenants, eq(tenants.id, subscriptions.tenantId))
    .where(and(notInArray(subscriptions.status, [...ENDED_SUBSCRIPTION_STATUSES]), isNull(tenants.deleted)));
}

/** Active add-ons of current subscriptions: monthly price of the whole quantity (exact decimal string) and quantity. */
export async function activeAddonsOfCurrentSubscriptions(db: Database) {
  return db
    .select({
      tenantId: subscriptionAddons.tenantId,
      priceMonthly: subscriptionAddons.priceMonthly,
      quantity: subscriptionAddons.quantity,
    })
    .from(subscriptionAddons)
    .innerJoin(
      subscriptions,
      and(
        eq(subscriptions.tenantId, subscriptionAddons.tenantId),
        eq(subscriptions.id, subscriptionAddons.subscriptionId),
      ),
    )
    .where(
      and(eq(subscriptionAddons.isActive, true), notInArray(subscriptions.status, [...ENDED_SUBSCRIPTION_STATUSES])),
    );
}

export async function tenantNames(db: Database, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: tenants.id, name: tenants.name })
    .from(tenants)
    .where(inArray(tenants.id, [...ids]));
}
