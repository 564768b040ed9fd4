import { and, eq, isNull, ne } from "drizzle-orm";
import type { Database } from "../client.js";
import { sessions, tenantPolicies, tenants, tenantUsers, userCredentials, users } from "../schema/index.js";

export async function insertSession(
  db: Database,
  session: { tokenHash: string; userId: string; tenantId: string; expires: Date },
) {
  const [row] = await db.insert(sessions).values(session).returning({ id: sessions.id, expires: sessions.expires });
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** A session with everything needed to decide whether it still grants access, in one query. */
export async function findSessionByHash(db: Database, tokenHash: string) {
  const rows = await db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      tenantId: sessions.tenantId,
      expires: sessions.expires,
      revoked: sessions.revoked,
      userDeleted: users.deleted,
      tenantDeleted: tenants.deleted,
      tenantSuspended: tenants.suspended,
      tenantSuspendedReason: tenants.suspendedReason,
      membershipDeleted: tenantUsers.deleted,
      roles: tenantUsers.roles,
      twoFactorRequired: tenantPolicies.twoFactorRequired,
      totpEnabled: userCredentials.totpEnabled,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .leftJoin(tenantUsers, and(eq(tenantUsers.tenantId, sessions.tenantId), eq(tenantUsers.userId, sessions.userId)))
    .leftJoin(tenantPolicies, eq(tenantPolicies.tenantId, sessions.tenantId))
    .leftJoin(userCredentials, eq(userCredentials.userId, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  return rows[0] ?? null;
}

export async function revokeSession(db: Database, args: { id: string; now: Date }): Promise<void> {
  await db
    .update(sessions)
    .set({ revoked: args.now })
    .where(and(eq(sessions.id, args.id), isNull(sessions.revoked)));
}

/** Ends every live session of the user, except `keepId` (the one that asked). */
export async function revokeUserSessions(
  db: Database,
  args: { userId: string; now: Date; keepId?: string | undefined },
): Promise<void> {
  const conditions = [eq(sessions.userId, args.userId), isNull(sessions.revoked)];
  if (args.keepId) conditions.push(ne(sessions.id, args.keepId));
  await db
    .update(sessions)
    .set({ revoked: args.now })
    .where(and(...conditions));
}
