import { and, asc, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { permissions, staffMembers, staffRolePermissions, staffRoles, users } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";

export async function permissionsOfStaffUser(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .select({ name: permissions.name })
    .from(staffMembers)
    .innerJoin(staffRolePermissions, eq(staffRolePermissions.roleId, staffMembers.roleId))
    .innerJoin(permissions, eq(permissions.id, staffRolePermissions.permissionId))
    .where(eq(staffMembers.userId, userId));
  return rows.map((r) => r.name);
}

/** Keyset page over any unique sort key: fetch `limit + 1` rows to learn whether another page exists. */
function pageBy<T, K extends keyof T>(rows: T[], limit: number, key: K) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last[key]) : null };
}

/** A staff member as staff see it: the user's current email and name, and the role by name. */
export const staffMemberColumns = {
  userId: staffMembers.userId,
  email: users.email,
  name: users.name,
  role: staffRoles.name,
  notes: staffMembers.notes,
  /** Set when the user account was deleted: such a member can't sign in and holds nothing. */
  userDeleted: users.deleted,
  created: staffMembers.created,
  updated: staffMembers.updated,
};

const staffMemberSelection = (db: Database) =>
  db
    .select(staffMemberColumns)
    .from(staffMembers)
    .innerJoin(users, eq(users.id, staffMembers.userId))
    .innerJoin(staffRoles, eq(staffRoles.id, staffMembers.roleId));

/** Newest user first, keyset by user id (UUIDv7), so pages stay stable while staff are added. */
export async function listStaffMembers(db: Database, args: { limit: number; cursor?: string | undefined }) {
  const rows = await staffMemberSelection(db)
    .where(args.cursor ? lt(staffMembers.userId, args.cursor) : undefined)
    .orderBy(desc(staffMembers.userId))
    .limit(args.limit + 1);
  return pageBy(rows, args.limit, "userId");
}

export async function getStaffMember(db: Database, userId: string) {
  const rows = await staffMemberSelection(db).where(eq(staffMembers.userId, userId)).limit(1);
  return rows[0] ?? null;
}

/** False when the user is already staff. */
export async function insertStaffMember(
  db: Database,
  args: { userId: string; roleId: number; notes?: string | null | undefined },
): Promise<boolean> {
  const rows = await db
    .insert(staffMembers)
    .values({ userId: args.userId, roleId: args.roleId, notes: args.notes ?? null })
    .onConflictDoNothing({ target: staffMembers.userId })
    .returning({ userId: staffMembers.userId });
  return rows.length > 0;
}

/** False when the user is not staff or the row changed since `expectedUpdated`. */
export async function setStaffRole(
  db: Database,
  args: { userId: string; roleId: number; expectedUpdated?: Date | undefined },
): Promise<boolean> {
  const rows = await db
    .update(staffMembers)
    .set({ roleId: args.roleId })
    .where(and(eq(staffMembers.userId, args.userId), unchangedSince(staffMembers.updated, args.expectedUpdated)))
    .returning({ userId: staffMembers.userId });
  return rows.length > 0;
}

/** False when the user was not staff. */
export async function deleteStaffMember(db: Database, userId: string): Promise<boolean> {
  const rows = await db
    .delete(staffMembers)
    .where(eq(staffMembers.userId, userId))
    .returning({ userId: staffMembers.userId });
  return rows.length > 0;
}

/**
 * How many live staff users hold `permission`, and whether `userId` is one of them. A deleted
 * user's staff row grants nothing, since the user can't sign in.
 */
export async function staffPermissionHolders(db: Database, args: { permission: string; userId?: string | null }) {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      includesUser: sql<boolean>`coalesce(bool_or(${staffMembers.userId} = ${args.userId ?? null}), false)`,
    })
    .from(staffMembers)
    .innerJoin(users, eq(users.id, staffMembers.userId))
    .innerJoin(staffRolePermissions, eq(staffRolePermissions.roleId, staffMembers.roleId))
    .innerJoin(permissions, eq(permissions.id, staffRolePermissions.permissionId))
    .where(and(eq(permissions.name, args.permission), isNull(users.deleted)));
  return { count: Number(row?.count ?? 0), includesUser: row?.includesUser === true };
}

/**
 * Row-locks the permission so changes that could take it away from staff run one at a time:
 * two managers demoting each other concurrently must not both succeed. `no key update` leaves
 * foreign-key checks of concurrent grants unblocked.
 */
export async function lockPermission(db: Database, name: string): Promise<void> {
  await db.select({ id: permissions.id }).from(permissions).where(eq(permissions.name, name)).for("no key update");
}

export async function findStaffRoleByName(db: Database, name: string) {
  const rows = await db
    .select({ id: staffRoles.id, name: staffRoles.name })
    .from(staffRoles)
    .where(eq(staffRoles.name, name))
    .limit(1);
  return rows[0] ?? null;
}

export async function findPermissionByName(db: Database, name: string) {
  const rows = await db
    .select({ id: permissions.id, name: permissions.name })
    .from(permissions)
    .where(eq(permissions.name, name))
    .limit(1);
  return rows[0] ?? null;
}

/** A role with the names of its permissions (sorted) and how many staff members hold it. */
const roleSelection = (db: Database) =>
  db
    .select({
      name: staffRoles.name,
      description: staffRoles.description,
      permissions: sql<
        string[]
      >`coalesce(array_agg(distinct ${permissions.name}) filter (where ${permissions.name} is not null), '{}')`,
      staffCount: sql<number>`count(distinct ${staffMembers.userId})::int`,
      created: staffRoles.created,
    })
    .from(staffRoles)
    .leftJoin(staffRolePermissions, eq(staffRolePermissions.roleId, staffRoles.id))
    .leftJoin(permissions, eq(permissions.id, staffRolePermissions.permissionId))
    .leftJoin(staffMembers, eq(staffMembers.roleId, staffRoles.id))
    .groupBy(staffRoles.id);

/** By name, keyset by name: roles are few and addressed by name everywhere. */
export async function listStaffRoles(db: Database, args: { limit: number; cursor?: string | undefined }) {
  const rows = await roleSelection(db)
    .where(args.cursor ? gt(staffRoles.name, args.cursor) : undefined)
    .orderBy(asc(staffRoles.name))
    .limit(args.limit + 1);
  return pageBy(rows, args.limit, "name");
}

export async function getStaffRole(db: Database, name: string) {
  const rows = await roleSelection(db).where(eq(staffRoles.name, name)).limit(1);
  return rows[0] ?? null;
}

/** False when a role of that name exists. */
export async function insertStaffRole(
  db: Database,
  args: { name: string; description?: string | null | undefined },
): Promise<boolean> {
  const rows = await db
    .insert(staffRoles)
    .values({ name: args.name, description: args.description ?? null })
    .onConflictDoNothing({ target: staffRoles.name })
    .returning({ id: staffRoles.id });
  return rows.length > 0;
}

export async function insertRolePermission(db: Database, args: { roleId: number; permissionId: number }) {
  await db.insert(staffRolePermissions).values(args).onConflictDoNothing();
}

export async function deleteRolePermission(db: Database, args: { roleId: number; permissionId: number }) {
  await db
    .delete(staffRolePermissions)
    .where(and(eq(staffRolePermissions.roleId, args.roleId), eq(staffRolePermissions.permissionId, args.permissionId)));
}

export async function listPermissions(db: Database, args: { limit: number; cursor?: string | undefined }) {
  const rows = await db
    .select({ name: permissions.name, description: permissions.description, category: permissions.category })
    .from(permissions)
    .where(args.cursor ? gt(permissions.name, args.cursor) : undefined)
    .orderBy(asc(permissions.name))
    .limit(args.limit + 1);
  return pageBy(rows, args.limit, "name");
}

/** The live user an email names (case-insensitive), as staff administration shows it. */
export async function findLiveUserByEmail(db: Database, email: string) {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, isNull(users.deleted)))
    .limit(1);
  return rows[0] ?? null;
}
