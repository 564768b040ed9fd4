import { and, desc, eq, isNull, lt, type SQL } from "drizzle-orm";
import type { Database } from "../client.js";
import { tenants, tenantUsers } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { tenantColumns } from "./tenants.js";

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
