import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { findStaffRoleByName, insertStaffMember } from "@outbound/db/queries/staff";
import { callerFor, trpcFailure, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { currentTotp } from "../src/services/auth/totp.js";

const database = useTestDatabase();

const anonymous = () => callerFor(database.db, null);
const as = (token: string) => callerFor(database.db, `Bearer ${token}`);
const PASSWORD = "correct horse battery";

/** Sets the tenant's sign-in policy columns directly, as an owner's tenantPolicies.update would. */
const setPolicy = (tenantId: string, values: Partial<typeof schema.tenantPolicies.$inferInsert>) =>
  database.db.update(schema.tenantPolicies).set(values).where(eq(schema.tenantPolicies.tenantId, tenantId));

async function signUp(overrides: { email?: string; tenantName?: string } = {}) {
  const email = overrides.email ?? `user-${randomUUID().slice(0, 8)}@example.test`;
  const result = await anonymous().auth.signUp({
    email,
    password: PASSWORD,
    name: "Test User",
    tenantName: overrides.tenantName ?? "Acme",
  });
  return { ...result, email };
}

describe("auth.signUp", () => {
  it("creates user, tenant, owner membership, config, policies and a free subscription at once", async () => {
    const { token, user, tenant, email } = await signUp({ tenantName: "Acme Outreach" });
    expect(user.email).toBe(email);
    expect(tenant.name).toBe("Acme Outreach");
    const me = await as(token).auth.me();
    expect(me).toMatchObject({ credential: "session", roles: ["owner"], tenant: { id: tenant.id } });
    const db = database.db;
    expect(await db.select().from(schema.tenantConfig).where(eq(schema.tenantConfig.tenantId, tenant.id))).toHaveLength(
      1,
    );
    expect(
      await db.select().from(schema.tenantPolicies).where(eq(schema.tenantPolicies.tenantId, tenant.id)),
    ).toHaveLength(1);
    const subs = await db
      .select({ slug: schema.plans.slug, status: schema.subscriptions.status })
      .from(schema.subscriptions)
      .innerJoin(schema.plans, eq(schema.plans.id, schema.subscriptions.planId))
      .where(eq(schema.subscriptions.tenantId, tenant.id));
    expect(subs).toEqual([{ slug: "free", status: "active" }]);
  });

  it("stores the password only as a scrypt hash", async () => {
    const { user } = await signUp();
    const [cred] = await database.db
      .select()
      .from(schema.userCredentials)
      .where(eq(schema.userCredentials.userId, user.id));
    expect(cred?.passwordHash).toMatch(/^scrypt\$/);
    expect(cred?.passwordHash).not.toContain(PASSWORD);
  });

  it("refuses a taken email (any case) with CONFLICT and a weak password with field errors", async () => {
    const { email } = await signUp();
    const taken = await trpcFailure(
      anonymous().auth.signUp({ email: email.toUpperCase(), password: PASSWORD, name: "X", tenantName: "Y" }),
    );
    expect(taken.code).toBe("CONFLICT");
    const weak = await trpcFailure(
      anonymous().auth.signUp({
        email: `w-${randomUUID()}@example.test`,
        password: "short",
        name: "X",
        tenantName: "Y",
      }),
    );
    expect(weak.code).toBe("BAD_REQUEST");
    expect(weak.message).toContain("at least 10 characters");
  });
});

describe("auth.signIn", () => {
  it("answers an unknown email and a wrong password with the same error", async () => {
    const { email } = await signUp();
    const unknown = await trpcFailure(anonymous().auth.signIn({ email: "nobody@example.test", password: PASSWORD }));
    const wrong = await trpcFailure(anonymous().auth.signIn({ email, password: "wrong password!" }));
    expect(unknown.code).toBe("UNAUTHORIZED");
    expect(wrong.code).toBe("UNAUTHORIZED");
    expect(wrong.message).toBe(unknown.message);
  });

  it("issues a session that works until it expires or is signed out", async () => {
    const { email } = await signUp();
    const session = await anonymous().auth.signIn({ email, password: PASSWORD });
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    await expect(as(session.token).leads.list({})).resolves.toBeTruthy();
    await as(session.token).auth.signOut();
    expect((await trpcFailure(as(session.token).leads.list({}))).code).toBe("UNAUTHORIZED");

    const second = await anonymous().auth.signIn({ email, password: PASSWORD });
    await database.db
      .update(schema.sessions)
      .set({ expires: new Date(Date.now() - 1000) })
      .where(eq(schema.sessions.tokenHash, (await import("../src/services/auth/tokens.js")).hashToken(second.token)));
    expect((await trpcFailure(as(second.token).leads.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("honours the tenant's session lifetime", async () => {
    const { email, tenant } = await signUp();
    await setPolicy(tenant.id, { sessionTimeoutHours: 2 });
    const session = await anonymous().auth.signIn({ email, password: PASSWORD });
    expect(session.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 2 * 3600_000);
  });

  it("locks the account after max_login_attempts failures, even for the right password, then unlocks", async () => {
    const { email, tenant, user } = await signUp();
    await setPolicy(tenant.id, { maxLoginAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      expect((await trpcFailure(anonymous().auth.signIn({ email, password: "wrong password!" }))).code).toBe(
        "UNAUTHORIZED",
      );
    }
    const locked = await trpcFailure(anonymous().auth.signIn({ email, password: PASSWORD }));
    expect(locked.code).toBe("TOO_MANY_REQUESTS");
    expect(locked.message).toContain("locked until");
    await database.db
      .update(schema.userCredentials)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(schema.userCredentials.userId, user.id));
    await expect(anonymous().auth.signIn({ email, password: PASSWORD })).resolves.toHaveProperty("token");
  });

  it("counts parallel wrong passwords exactly: 20 at once at a limit of 3 check no more than 3 passwords", async () => {
    const { email, tenant } = await signUp();
    await setPolicy(tenant.id, { maxLoginAttempts: 3 });
    const codes = await Promise.all(
      Array.from(
        { length: 20 },
        async () => (await trpcFailure(anonymous().auth.signIn({ email, password: "wrong!!" }))).code,
      ),
    );
    expect(codes.filter((c) => c === "UNAUTHORIZED")).toHaveLength(3);
    expect(codes.filter((c) => c === "TOO_MANY_REQUESTS")).toHaveLength(17);
    expect((await trpcFailure(anonymous().auth.signIn({ email, password: PASSWORD }))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("refuses a deleted user and a removed membership", async () => {
    const a = await signUp();
    await database.db.update(schema.users).set({ deleted: new Date() }).where(eq(schema.users.id, a.user.id));
    expect((await trpcFailure(anonymous().auth.signIn({ email: a.email, password: PASSWORD }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect((await trpcFailure(as(a.token).auth.me())).code).toBe("UNAUTHORIZED");

    const b = await signUp();
    await database.db
      .update(schema.tenantUsers)
      .set({ deleted: new Date() })
      .where(eq(schema.tenantUsers.userId, b.user.id));
    expect((await trpcFailure(as(b.token).leads.list({}))).code).toBe("UNAUTHORIZED");
  });
});

describe("auth.switchTenant and changePassword", () => {
  it("moves the session to another tenant of the user and ends the old one", async () => {
    const a = await signUp({ tenantName: "First" });
    const b = await signUp({ tenantName: "Second" });
    await database.db
      .insert(schema.tenantUsers)
      .values({ tenantId: b.tenant.id, userId: a.user.id, roles: ["member"], email: a.email });
    const switched = await as(a.token).auth.switchTenant({ tenantId: b.tenant.id });
    const me = await as(switched.token).auth.me();
    expect(me.tenant.id).toBe(b.tenant.id);
    expect(me.roles).toEqual(["member"]);
    expect((await trpcFailure(as(a.token).auth.me())).code).toBe("UNAUTHORIZED");
    const stranger = await signUp();
    expect((await trpcFailure(as(switched.token).auth.switchTenant({ tenantId: stranger.tenant.id }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("enforces the tenant's password policy and ends the user's other sessions", async () => {
    const { email, token, tenant } = await signUp();
    const other = await anonymous().auth.signIn({ email, password: PASSWORD });
    await setPolicy(tenant.id, { passwordRequireUppercase: true, passwordRequireNumbers: true });
    const weak = await trpcFailure(
      as(token).auth.changePassword({ currentPassword: PASSWORD, newPassword: "all lowercase words" }),
    );
    expect(weak.code).toBe("BAD_REQUEST");
    expect(weak.message).toContain("uppercase");
    expect(weak.message).toContain("digit");
    const wrongCurrent = await trpcFailure(
      as(token).auth.changePassword({ currentPassword: "not it at all", newPassword: "Better Password 9" }),
    );
    expect(wrongCurrent.code).toBe("BAD_REQUEST");
    await as(token).auth.changePassword({ currentPassword: PASSWORD, newPassword: "Better Password 9" });
    await expect(as(token).auth.me()).resolves.toBeTruthy();
    expect((await trpcFailure(as(other.token).auth.me())).code).toBe("UNAUTHORIZED");
    await expect(anonymous().auth.signIn({ email, password: "Better Password 9" })).resolves.toHaveProperty("token");
  });
});

describe("two-factor sign-in", () => {
  it("keeps staff of a tenant that requires it out of staff procedures until they enroll", async () => {
    const { email, tenant, user } = await signUp();
    const role = await findStaffRoleByName(database.db, "superadmin");
    if (!role) throw new Error("superadmin role not seeded");
    await insertStaffMember(database.db, { userId: user.id, roleId: role.id });
    await setPolicy(tenant.id, { twoFactorRequired: true });
    const pending = await anonymous().auth.signIn({ email, password: PASSWORD });
    expect(pending.totpEnrollmentRequired).toBe(true);
    const blocked = await trpcFailure(as(pending.token).admin.tenants.list({}));
    expect(blocked.code).toBe("FORBIDDEN");
    expect(blocked.message).toContain("enroll");
    const { secret } = await as(pending.token).auth.enrollTotp();
    await as(pending.token).auth.confirmTotp({ code: currentTotp(secret) });
    await expect(as(pending.token).admin.tenants.list({})).resolves.toBeTruthy();
  });

  it("makes an unenrolled user enroll first, then requires a valid TOTP code", async () => {
    const { email, tenant } = await signUp();
    await setPolicy(tenant.id, { twoFactorRequired: true });
    const pending = await anonymous().auth.signIn({ email, password: PASSWORD });
    expect(pending.totpEnrollmentRequired).toBe(true);
    const blocked = await trpcFailure(as(pending.token).leads.list({}));
    expect(blocked.code).toBe("FORBIDDEN");
    expect(blocked.message).toContain("enroll");

    const { secret, otpauthUrl } = await as(pending.token).auth.enrollTotp();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect((await trpcFailure(as(pending.token).auth.confirmTotp({ code: "000000" }))).code).toBe("BAD_REQUEST");
    await as(pending.token).auth.confirmTotp({ code: currentTotp(secret) });
    await expect(as(pending.token).leads.list({})).resolves.toBeTruthy();

    const noCode = await trpcFailure(anonymous().auth.signIn({ email, password: PASSWORD }));
    expect(noCode.code).toBe("UNAUTHORIZED");
    expect(noCode.message).toContain("two-factor");
    expect((await trpcFailure(anonymous().auth.signIn({ email, password: PASSWORD, totpCode: "123456" }))).code).toBe(
      "UNAUTHORIZED",
    );
    const ok = await anonymous().auth.signIn({ email, password: PASSWORD, totpCode: currentTotp(secret) });
    expect(ok.totpEnrollmentRequired).toBe(false);
  });
});
