import { and, arrayContains, count, desc, eq, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { sessions, tenantUsers, userPreferences, users } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";

/** A member as clients see it: the membership with the user's current email and name. */
export const memberColumns = {
  userId: tenantUsers.userId,
  email: users.email,
  name: users.name,
  roles: tenantUsers.roles,
  created: tenantUsers.created,
  updated: tenantUsers.updated,
};

/** A live member: the membership is not removed and the user not deleted. */
const liveMember = (tenantId: string): SQL[] => [
  eq(tenantUsers.tenantId, tenantId),
  isNull(tenantUsers.deleted),
  isNull(users.deleted),
];

/**
 * Newest membership first, keyset by (created, user id) with the last user id as cursor, so
 * pages stay stable while members join. A revived membership counts as joining again.
 */
export async function listMembers(
  db: Database,
  args: { tenantId: string; limit: number; cursor?: string | undefined },
) {
  const conditions = liveMember(args.tenantId);
  if (args.cursor) {
    conditions.push(
      sql`(${tenantUsers.created}, ${tenantUsers.userId}) < (select c.created, c.user_id from ${tenantUsers} c where c.tenant_id = ${args.tenantId} and c.user_id = ${args.cursor})`,
    );
  }
  const rows = await db
    .select(memberColumns)
    .from(tenantUsers)
    .innerJoin(users, eq(users.id, tenantUsers.userId))
    .where(and(...conditions))
    .orderBy(desc(tenantUsers.created), desc(tenantUsers.userId))
    .limit(args.limit + 1);
  const items = rows.slice(0, args.limit);
  return { items, nextCursor: rows.length > args.limit ? (items[items.length - 1]?.userId ?? null) : null };
}

export async function getLiveMember(db: Database, args: { tenantId: string; userId: string }) {
  const rows = await db
    .select(memberColumns)
    .from(tenantUsers)
    .innerJoin(users, eq(users.id, tenantUsers.userId))
    .where(and(...liveMember(args.tenantId), eq(tenantUsers.userId, args.userId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function countLiveMembers(db: Database, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tenantUsers)
    .innerJoin(users, eq(users.id, tenantUsers.userId))
    .where(and(...liveMember(tenantId)));
  return row?.n ?? 0;
}

export async function countLiveOwners(db: Database, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tenantUsers)
    .innerJoin(users, eq(users.id, tenantUsers.userId))
    .where(and(...liveMember(tenantId), arrayContains(tenantUsers.roles, ["owner"])));
  return row?.n ?? 0;
}

export async function findLiveUserIdByEmail(db: Database, email: string): Promise<string | null> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, isNull(users.deleted)))
    .limit(1);
  return rows[0]?.id ?? null;
}

/** A user without credentials: someone invited who has not set a password yet. */
export async function insertInvitedUser(db: Database, args: { email: string; name?: string | null | undefined }) {
  const [row] = await db
    .insert(users)
    .values({ email: args.email, name: args.name ?? null })
    .returning({ id: users.id });
  if (!row) throw new Error("insert returned no row");
  await db.insert(userPreferences).values({ userId: row.id }).onConflictDoNothing();
  return row.id;
}

/**
 * Adds the membership, or revives a removed one with the new roles (joining again, so `created`
 * restarts). False when a live membership exists already.
 */
export async function joinTenant(
  db: Database,
  args: { tenantId: string; userId: string; roles: string[]; email: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .insert(tenantUsers)
    .values({ tenantId: args.tenantId, userId: args.userId, roles: args.roles, email: args.email })
    .onConflictDoUpdate({
      target: [tenantUsers.tenantId, tenantUsers.userId],
      set: { roles: args.roles, email: args.email, deleted: null, created: args.now, updated: args.now },
      setWhere: isNotNull(tenantUsers.deleted),
    })
    .returning({ userId: tenantUsers.userId });
  return rows.length === 1;
}

/** Null when the membership is not live or changed since `expectedUpdated`. */
export async function setMemberRoles(
  db: Database,
  args: { tenantId: string; userId: string; roles: string[]; expectedUpdated?: Date | undefined },
) {
  const rows = await db
    .update(tenantUsers)
    .set({ roles: args.roles })
    .where(
      and(
        eq(tenantUsers.tenantId, args.tenantId),
        eq(tenantUsers.userId, args.userId),
        isNull(tenantUsers.deleted),
        unchangedSince(tenantUsers.updated, args.expectedUpdated),
      ),
    )
    .returning({ userId: tenantUsers.userId });
  return rows[0] ?? null;
}

export async function removeMembership(db: Database, args: { tenantId: string; userId: string; now: Date }) {
  const rows = await db
    .update(tenantUsers)
    .set({ deleted: args.now })
    .where(
      and(eq(tenantUsers.tenantId, args.tenantId), eq(tenantUsers.userId, args.userId), isNull(tenantUsers.deleted)),
    )
    .returning({ userId: tenantUsers.userId });
  return rows[0] ?? null;
}

/** Ends the user's live sessions in this tenant only; their sessions elsewhere are untouched. */
export async function revokeMemberSessions(
  db: Database,
  args: { tenantId: string; userId: string; now: Date },
): Promise<void> {
  await db
    .update(sessions)
    .set({ revoked: args.now })
    .where(and(eq(sessions.tenantId, args.tenantId), eq(sessions.userId, args.userId), isNull(sessions.revoked)));
}
