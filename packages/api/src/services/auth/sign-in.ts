import type { Database } from "@outbound/db";
import { findActivePlanBySlug } from "@outbound/db/queries/plans";
import { insertSession, revokeSession, revokeUserSessions } from "@outbound/db/queries/sessions";
import { insertMonthlySubscription } from "@outbound/db/queries/subscriptions";
import { createDefaultTags } from "@outbound/db/queries/tags";
import { getTenantPolicies, insertMembership, insertTenantWithDefaults } from "@outbound/db/queries/tenants";
import {
  findLiveUserWithCredentials,
  getCredentials,
  insertUserWithCredentials,
  listMembershipsForSignIn,
  reserveSignInAttempt,
  updateCredentials,
} from "@outbound/db/queries/users";
import { badRequest, conflict, DomainError, forbidden, unauthorized } from "../../errors.js";
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy, passwordProblems } from "./password-policy.js";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords.js";
import { generateSessionToken } from "./tokens.js";
import { newTotpSecret, verifyTotp } from "./totp.js";

export const DEFAULT_PLAN_SLUG = "free";
/** How long an account stays locked after too many failed sign-ins. */
export const LOCKOUT_MS = 15 * 60 * 1000;
const INVALID_LOGIN = "Invalid email or password";

export function assertPassword(password: string, policy: PasswordPolicy, field: string): void {
  const problems = passwordProblems(password, policy);
  if (problems.length > 0) throw badRequest(`The password ${problems.join(", ")}`, { [field]: problems });
}

export async function startSession(db: Database, args: { userId: string; tenantId: string; hours: number; now: Date }) {
  const { token, tokenHash } = generateSessionToken();
  const expires = new Date(args.now.getTime() + args.hours * 3600_000);
  const session = await insertSession(db, { tokenHash, userId: args.userId, tenantId: args.tenantId, expires });
  return { token, expiresAt: session.expires };
}

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  tenantName: string;
}

/** User, credentials, tenant, owner membership, default config, policies and plan: all or nothing. */
export async function signUp(db: Database, input: SignUpInput, now = new Date()) {
  assertPassword(input.password, DEFAULT_PASSWORD_POLICY, "password");
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (await findLiveUserWithCredentials(tx, input.email)) {
      throw conflict("An account with this email already exists: sign in instead");
    }
    const plan = await findActivePlanBySlug(tx, DEFAULT_PLAN_SLUG);
    if (!plan) throw new Error(`The default plan "${DEFAULT_PLAN_SLUG}" is missing: seed reference data first`);
    const user = await insertUserWithCredentials(tx, { email: input.email, name: input.name, passwordHash });
    const tenant = await insertTenantWithDefaults(tx, { name: input.tenantName, billingEmail: input.email });
    await insertMembership(tx, { tenantId: tenant.id, userId: user.id, roles: ["owner"], email: input.email });
    await insertMonthlySubscription(tx, { tenantId: tenant.id, planId: plan.id, billingContactUserId: user.id, now });
    await createDefaultTags(tx, tenant.id);
    const policies = await getTenantPolicies(tx, tenant.id);
    const session = await startSession(tx, {
      userId: user.id,
      tenantId: tenant.id,
      hours: policies?.sessionTimeoutHours ?? 24,
      now,
    });
    return { token: session.token, expiresAt: session.expiresAt, user, tenant };
  });
}

export interface SignInInput {
  email: string;
  password: string;
  tenantId?: string | undefined;
  totpCode?: string | undefined;
}

/**
 * Unknown email and wrong password answer alike. Failures count per user; the chosen
 * tenant's policy sets how many lock the account and how long sessions last.
 */
export async function signIn(db: Database, input: SignInInput, now = new Date()) {
  const user = await findLiveUserWithCredentials(db, input.email);
  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password);
    throw unauthorized(INVALID_LOGIN);
  }
  const memberships = await listMembershipsForSignIn(db, user.id);
  const membership = input.tenantId ? memberships.find((m) => m.tenantId === input.tenantId) : memberships[0];
  const maxAttempts = membership?.maxLoginAttempts ?? 5;
  // Counted before the password is checked: parallel guesses past the limit are refused unchecked.
  const reserved = await reserveSignInAttempt(db, {
    userId: user.id,
    now,
    maxAttempts,
    lockUntil: new Date(now.getTime() + LOCKOUT_MS),
  });
  if (!reserved) {
    const lockedUntil =
      (await findLiveUserWithCredentials(db, input.email))?.lockedUntil ?? new Date(now.getTime() + LOCKOUT_MS);
    const retryAfter = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
    throw new DomainError(
      "TOO_MANY_REQUESTS",
      `Too many failed sign-ins: this account is locked until ${lockedUntil.toISOString()}`,
      { retryAfter },
    );
  }

  if (!(await verifyPassword(input.password, user.passwordHash))) throw unauthorized(INVALID_LOGIN);
  if (!membership) {
    throw input.tenantId
      ? new DomainError("NOT_FOUND", "Tenant not found")
      : forbidden("You are not a member of any tenant");
  }
  if (membership.suspended) throw forbidden("This tenant is suspended");
  let totpEnrollmentRequired = false;
  if (membership.twoFactorRequired) {
    if (user.totpEnabled && user.totpSecret) {
      if (!input.totpCode) throw unauthorized("This tenant requires a two-factor code: send totpCode");
      if (!verifyTotp(user.totpSecret, input.totpCode, now.getTime())) throw unauthorized("Invalid two-factor code");
    } else {
      totpEnrollmentRequired = true;
    }
  }
  await updateCredentials(db, user.id, { failedAttempts: 0, lockedUntil: null });
  const session = await startSession(db, {
    userId: user.id,
    tenantId: membership.tenantId,
    hours: membership.sessionTimeoutHours ?? 24,
    now,
  });
  return { ...session, tenantId: membership.tenantId, totpEnrollmentRequired };
}

export async function signOut(db: Database, sessionId: string, now = new Date()): Promise<void> {
  await revokeSession(db, { id: sessionId, now });
}

/** A new session in another of the user's tenants; the current one ends. */
export async function switchTenant(
  db: Database,
  args: { userId: string; sessionId: string; tenantId: string },
  now = new Date(),
) {
  const memberships = await listMembershipsForSignIn(db, args.userId);
  const membership = memberships.find((m) => m.tenantId === args.tenantId);
  if (!membership) throw new DomainError("NOT_FOUND", "Tenant not found");
  if (membership.suspended) throw forbidden("This tenant is suspended");
  const session = await startSession(db, {
    userId: args.userId,
    tenantId: membership.tenantId,
    hours: membership.sessionTimeoutHours ?? 24,
    now,
  });
  await revokeSession(db, { id: args.sessionId, now });
  return { ...session, tenantId: membership.tenantId };
}

/** Checks the current password and the tenant's policy; every other session of the user ends. */
export async function changePassword(
  db: Database,
  args: { userId: string; tenantId: string; sessionId: string | null; currentPassword: string; newPassword: string },
  now = new Date(),
): Promise<void> {
  const credentials = await getCredentials(db, args.userId);
  if (!credentials || !(await verifyPassword(args.currentPassword, credentials.passwordHash))) {
    throw badRequest("The current password is wrong", { currentPassword: ["is wrong"] });
  }
  const policy = (await getTenantPolicies(db, args.tenantId)) ?? DEFAULT_PASSWORD_POLICY;
  assertPassword(args.newPassword, policy, "newPassword");
  await updateCredentials(db, args.userId, { passwordHash: await hashPassword(args.newPassword) });
  await revokeUserSessions(db, { userId: args.userId, now, keepId: args.sessionId ?? undefined });
}

export async function enrollTotp(db: Database, args: { userId: string; label: string }) {
  const credentials = await getCredentials(db, args.userId);
  if (!credentials) throw forbidden("This account has no password to protect");
  if (credentials.totpEnabled) throw conflict("Two-factor sign-in is already enabled");
  const { secret, otpauthUrl } = newTotpSecret(args.label);
  await updateCredentials(db, args.userId, { totpSecret: secret });
  return { secret, otpauthUrl };
}

export async function confirmTotp(db: Database, args: { userId: string; code: string }, now = new Date()) {
  const credentials = await getCredentials(db, args.userId);
  if (!credentials?.totpSecret) throw conflict("Start enrollment with auth.enrollTotp first");
  if (credentials.totpEnabled) throw conflict("Two-factor sign-in is already enabled");
  if (!verifyTotp(credentials.totpSecret, args.code, now.getTime())) {
    throw badRequest("The code does not match", { code: ["does not match the authenticator"] });
  }
  await updateCredentials(db, args.userId, { totpEnabled: now });
  return { enabled: true as const };
}
