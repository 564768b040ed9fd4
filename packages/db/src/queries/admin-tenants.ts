import { and, count, desc, eq, ilike, isNotNull, isNull, lt, notInArray, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { domains, emailAccounts, leads, plans, subscriptions, tenants, tenantUsers, users } from "../schema/index.js";
import { ENDED_SUBSCRIPTION_STATUSES } from "./limits.js";

export type TenantStatus = "active" | "suspended" | "deleted";

/** The tenant's current subscription: at most one is not ended (a partial unique index guarantees it). */
const currentSubscription = and(
  eq(subscriptions.tenantId, tenants.id),
  notInArray(subscriptions.status, [...ENDED_SUBSCRIPTION_STATUSES]),
);

const staffTenantColumns = {
  id: tenants.id,
  name: tenants.name,
  created: tenants.created,
  updated: tenants.updated,
  suspended: tenants.suspended,
  suspendedReason: tenants.suspendedReason,
  deleted: tenants.deleted,
  planSlug: plans.slug,
};

function statusCondition(status: TenantStatus): SQL | undefined {
  if (status === "deleted") return isNotNull(tenants.deleted);
  if (status === "suspended") return and(isNull(tenants.deleted), isNotNull(tenants.suspended));
  return and(isNull(tenants.deleted), isNull(tenants.suspended));
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Every tenant as staff see it, newest first, keyset by tenant id; `search` is a case-insensitive substring of the name. */
export async function listTenantsForStaff(
  db: Database,
  args: {
    search?: string | undefined;
    planSlug?: string | undefined;
    status?: TenantStatus | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  const conditions: (SQL | undefined)[] = [];
  if (args.search) conditions.push(ilike(tenants.name, `%${escapeLike(args.search)}%`));
  if (args.planSlug) conditions.push(eq(plans.slug, args.planSlug));
  if (args.status) conditions.push(statusCondition(args.status));
  if (args.cursor) conditions.push(lt(tenants.id, args.cursor));
  return db
    .select(staffTenantColumns)
    .from(tenants)
    .leftJoin(subscriptions, currentSubscription)
    .leftJoin(plans, eq(plans.id, subscriptions.planId))
    .where(and(...conditions))
    .orderBy(desc(tenants.id))
    .limit(args.limit + 1);
}

export async function getTenantForStaff(db: Database, tenantId: string) {
  const rows = await db
    .select({
      id: tenants.id,
      name: tenants.name,
      created: tenants.created,
      updated: tenants.updated,
      suspended: tenants.suspended,
      suspendedReason: tenants.suspendedReason,
      deleted: tenants.deleted,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .limit(1);
  return rows[0] ?? null;
}

export async function getCurrentSubscriptionWithPlan(db: Database, tenantId: string) {
  const rows = await db
    .select({
      id: subscriptions.id,
      status: subscriptions.status,
      billingInterval: subscriptions.billingInterval,
      currentPeriodStart: subscriptions.currentPeriodStart,
      currentPeriodEnd: subscriptions.currentPeriodEnd,
      cancelAtPeriodEnd: subscriptions.cancelAtPeriodEnd,
      plan: { id: plans.id, slug: plans.slug, name: plans.name, priceMonthly: plans.priceMonthly },
    })
    .from(subscriptions)
    .innerJoin(plans, eq(plans.id, subscriptions.planId))
    .where(
      and(eq(subscriptions.tenantId, tenantId), notInArray(subscriptions.status, [...ENDED_SUBSCRIPTION_STATUSES])),
    )
    .limit(1);
  return rows[0] ?? null;
}

/** What the tenant holds of each quota'd kind of row. */
export async function countTenantUsage(db: Database, tenantId: string) {
  const one = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  const [members, domainCount, emailAccountCount, contacts] = await Promise.all([
    one(
      db
        .select({ n: count() })
        .from(tenantUsers)
        .where(and(eq(tenantUsers.tenantId, tenantId), isNull(tenantUsers.deleted))),
    ),
    one(db.select({ n: count() }).from(domains).where(eq(domains.tenantId, tenantId))),
    one(db.select({ n: count() }).from(emailAccounts).where(eq(emailAccounts.tenantId, tenantId))),
    one(db.select({ n: count() }).from(leads).where(eq(leads.tenantId, tenantId))),
  ]);
  return { users: members, domains: domainCount, emailAccounts: emailAccountCount, contacts };
}

/** Live members with their roles, oldest membership first. */
export async function listTenantMembersForStaff(db: Database, tenantId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      roles: tenantUsers.roles,
      created: tenantUsers.created,
    })
    .from(tenantUsers)
    .innerJoin(users, eq(users.id, tenantUsers.userId))
    .where(and(eq(tenantUsers.tenantId, tenantId), isNull(tenantUsers.deleted)))
    .orderBy(tenantUsers.created, users.id);
}

/**
 * Suspends (`reason` given) or restores (`reason` null) a tenant that is not deleted. A
 * suspension already in force keeps its start time and takes the new reason. Null when the
 * tenant is missing or deleted.
 */
export async function setTenantSuspension(db: Database, args: { tenantId: string; reason: string | null; now: Date }) {
  const rows = await db
    .update(tenants)
    .set(
      args.reason === null
        ? { suspended: null, suspendedReason: null }
        : {
            suspended: sql`coalesce(${tenants.suspended}, ${args.now.toISOString()}::timestamptz)`,
            suspendedReason: args.reason,
          },
    )
    .where(and(eq(tenants.id, args.tenantId), isNull(tenants.deleted)))
    .returning({
      id: tenants.id,
      name: tenants.name,
      suspended: tenants.suspended,
      suspendedReason: tenants.suspendedReason,
      updated: tenants.updated,
    });
  return rows[0] ?? null;
}
