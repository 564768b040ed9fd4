import { and, desc, eq, isNull, lt, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { tenantConfig, tenantPolicies, tenants, tenantUsers } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";

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

/** Live tenants where the user is a live member, with the user's roles; newest first, keyset by tenant id. */
export async function listTenantsOfUser(
  db: Database,
  args: { userId: string; limit: number; cursor?: string | undefined },
) {
  const conditions: SQL[] = [eq(tenantUsers.userId, args.userId), isNull(tenantUsers.deleted), isNull(tenants.deleted)];
  if (args.cursor) conditions.push(lt(tenants.id, args.cursor));
  return db
    .select({
      id: tenants.id,
      name: tenants.name,
      created: tenants.created,
      suspended: tenants.suspended,
      roles: tenantUsers.roles,
    })
    .from(tenantUsers)
    .innerJoin(tenants, eq(tenants.id, tenantUsers.tenantId))
    .where(and(...conditions))
    .orderBy(desc(tenants.id))
    .limit(args.limit + 1);
}

export async function getLiveTenantSummary(db: Database, tenantId: string) {
  const rows = await db
    .select({ id: tenants.id, name: tenants.name, created: tenants.created, suspended: tenants.suspended })
    .from(tenants)
    .where(and(eq(tenants.id, tenantId), isNull(tenants.deleted)))
    .limit(1);
  return rows[0] ?? null;
}

/** Renames a live tenant; null when it is gone or changed since `expectedUpdated`. */
export async function renameTenant(
  db: Database,
  args: { tenantId: string; name: string; expectedUpdated?: Date | undefined },
) {
  const rows = await db
    .update(tenants)
    .set({ name: args.name })
    .where(
      and(
        eq(tenants.id, args.tenantId),
        isNull(tenants.deleted),
        unchangedSince(tenants.updated, args.expectedUpdated),
      ),
    )
    .returning(tenantColumns);
  return rows[0] ?? null;
}

/** Soft-deletes the tenant only if it is live and still named `name`; null otherwise. */
export async function softDeleteTenant(db: Database, args: { tenantId: string; name: string; now: Date }) {
  const rows = await db
    .update(tenants)
    .set({ deleted: args.now })
    .where(and(eq(tenants.id, args.tenantId), isNull(tenants.deleted), eq(tenants.name, args.name)))
    .returning({ id: tenants.id, deleted: tenants.deleted });
  return rows[0] ?? null;
}

export async function getTenantName(db: Database, tenantId: string): Promise<string | null> {
  const rows = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return rows[0]?.name ?? null;
}
