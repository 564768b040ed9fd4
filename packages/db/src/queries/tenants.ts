import { and, eq, isNull, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { tenantConfig, tenantPolicies, tenants, tenantUsers } from "../schema/index.js";

export const tenantColumns = {
  id: tenants.id,
  name: tenants.name,
  created: tenants.created,
  updated: tenants.updated,
};

/** A tenant with its default config and policies: a tenant never exists without them. */
export async function insertTenantWithDefaults(db: Database, args: { name: string; billingEmail?: string | null }) {
  const [tenant] = await db.insert(tenants).values({ name: args.name }).returning(tenantColumns);
  if (!tenant) throw new Error("insert returned no row");
  await db.insert(tenantConfig).values({ tenantId: tenant.id, billingEmail: args.billingEmail ?? null });
  await db.insert(tenantPolicies).values({ tenantId: tenant.id });
  return tenant;
}

export async function insertMembership(
  db: Database,
  args: { tenantId: string; userId: string; roles: string[]; email: string },
): Promise<void> {
  await db.insert(tenantUsers).values(args);
}

export async function getLiveTenant(db: Database, id: string) {
  const rows = await db
    .select(tenantColumns)
    .from(tenants)
    .where(and(eq(tenants.id, id), isNull(tenants.deleted)))
    .limit(1);
  return rows[0] ?? null;
}

export async function getTenantPolicies(db: Database, tenantId: string) {
  const rows = await db.select().from(tenantPolicies).where(eq(tenantPolicies.tenantId, tenantId)).limit(1);
  return rows[0] ?? null;
}

/**
 * The rule for background work (scheduled launches, sending, local renewals): only for a tenant
 * that is neither deleted nor suspended. `tenantId` is the column (or SQL) naming the tenant.
 */
export const tenantIsActive = (tenantId: SQLWrapper): SQL =>
  sql`exists (select 1 from tenants live where live.id = ${tenantId} and live.deleted is null and live.suspended is null)`;
