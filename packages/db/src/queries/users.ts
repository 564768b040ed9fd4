import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { tenantPolicies, tenants, tenantUsers, userCredentials, userPreferences, users } from "../schema/index.js";

/** Public shape of a user: never credentials. */
export const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  givenName: users.givenName,
  familyName: users.familyName,
  picture: users.picture,
  emailVerified: users.emailVerified,
  created: users.created,
};

export async function findLiveUserWithCredentials(db: Database, email: string) {
  const rows = await db
    .select({
      id: users.id,
      passwordHash: userCredentials.passwordHash,
      failedAttempts: userCredentials.failedAttempts,
      lockedUntil: userCredentials.lockedUntil,
      totpSecret: userCredentials.totpSecret,
      totpEnabled: userCredentials.totpEnabled,
    })
    .from(users)
    .leftJoin(userCredentials, eq(userCredentials.userId, users.id))
    .where(and(sql`lower(${users.email}) = lower(${email})`, isNull(users.deleted)))
    .limit(1);
  return rows[0] ?? null;
}

export async function getUser(db: Database, id: string) {
  const rows = await db
    .select(userColumns)
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deleted)))
    .limit(1);
  return rows[0] ?? null;
}

export async function getCredentials(db: Database, userId: string) {
  const rows = await db.select().from(userCredentials).where(eq(userCredentials.userId, userId)).limit(1);
  return rows[0] ?? null;
}

export async function updateCredentials(
  db: Database,
  userId: string,
  values: Partial<{
    passwordHash: string;
    failedAttempts: number;
    lockedUntil: Date | null;
    totpSecret: string | null;
    totpEnabled: Date | null;
  }>,
): Promise<void> {
  await db.update(userCredentials).set(values).where(eq(userCredentials.userId, userId));
}

/**
 * Counts a sign-in attempt before its password is checked, in one statement, so parallel
 * guesses can't all read the same count: the attempt that reaches `maxAttempts` locks the
 * account until `lockUntil`, and attempts while it is locked are not counted and answer null.
 * A lock that has run out starts a fresh count. A successful sign-in then clears the count.
 */
export async function reserveSignInAttempt(
  db: Database,
  args: { userId: string; now: Date; maxAttempts: number; lockUntil: Date },
): Promise<{ attempt: number } | null> {
  const attempt = sql`(case when ${userCredentials.lockedUntil} is null then ${userCredentials.failedAttempts} + 1 else 1 end)`;
  const [row] = await db
    .update(userCredentials)
    .set({
      failedAttempts: attempt,
      lockedUntil: sql`(case when ${attempt} >= ${args.maxAttempts} then ${args.lockUntil.toISOString()}::timestamptz else null end)`,
    })
    .where(
      and(
        eq(userCredentials.userId, args.userId),
        or(isNull(userCredentials.lockedUntil), lte(userCredentials.lockedUntil, args.now)),
      ),
    )
    .returning({ attempt: userCredentials.failedAttempts });
  return row ?? null;
}

/** Live memberships of a user in live tenants, oldest first, with each tenant's sign-in policy. */
export async function listMembershipsForSignIn(db: Database, userId: string) {
  return db
    .select({
      tenantId: tenantUsers.tenantId,
      roles: tenantUsers.roles,
      tenantName: tenants.name,
      suspended: tenants.suspended,
      maxLoginAttempts: tenantPolicies.maxLoginAttempts,
      sessionTimeoutHours: tenantPolicies.sessionTimeoutHours,
      twoFactorRequired: tenantPolicies.twoFactorRequired,
    })
    .from(tenantUsers)
    .innerJoin(tenants, eq(tenants.id, tenantUsers.tenantId))
    .leftJoin(tenantPolicies, eq(tenantPolicies.tenantId, tenantUsers.tenantId))
    .where(and(eq(tenantUsers.userId, userId), isNull(tenantUsers.deleted), isNull(tenants.deleted)))
    .orderBy(asc(tenantUsers.created));
}

export async function insertUserWithCredentials(
  db: Database,
  user: { email: string; name: string; passwordHash: string },
) {
  const [row] = await db.insert(users).values({ email: user.email, name: user.name }).returning(userColumns);
  if (!row) throw new Error("insert returned no row");
  await db.insert(userCredentials).values({ userId: row.id, passwordHash: user.passwordHash });
  await db.insert(userPreferences).values({ userId: row.id }).onConflictDoNothing();
  return row;
}

/** Gives a user without a password one; false when the user has one already (so it happens once). */
export async function insertCredentialsIfAbsent(db: Database, args: { userId: string; passwordHash: string }) {
  const rows = await db
    .insert(userCredentials)
    .values({ userId: args.userId, passwordHash: args.passwordHash })
    .onConflictDoNothing()
    .returning({ userId: userCredentials.userId });
  return rows.length > 0;
}

export async function setUserName(db: Database, args: { userId: string; name: string }): Promise<void> {
  await db.update(users).set({ name: args.name }).where(eq(users.id, args.userId));
}
