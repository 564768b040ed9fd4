import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { callerFor, createSecurityFixture, createTestTenant, trpcFailure, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../src/error-mapping.js";

const database = useTestDatabase();

const anonymous = () => callerFor(database.db, null);
const as = (token: string) => callerFor(database.db, `Bearer ${token}`);
const PASSWORD = "correct horse battery";
const HOUR = 3600_000;

async function signUp() {
  const email = `policy-${randomUUID().slice(0, 8)}@example.test`;
  const result = await anonymous().auth.signUp({ email, password: PASSWORD, name: "Policy Owner", tenantName: "Pol" });
  return { ...result, email };
}

const policiesRow = async (tenantId: string) =>
  database.db.select().from(schema.tenantPolicies).where(eq(schema.tenantPolicies.tenantId, tenantId));

type PoliciesInput = Parameters<ReturnType<typeof as>["tenantPolicies"]["update"]>[0];

describe("tenantPolicies.get", () => {
  it("returns the defaults sign-up created", async () => {
    const { token } = await signUp();
    expect(await as(token).tenantPolicies.get()).toEqual({
      passwordMinLength: 10,
      passwordRequireUppercase: false,
      passwordRequireNumbers: false,
      passwordRequireSymbols: false,
      sessionTimeoutHours: 24,
      maxLoginAttempts: 5,
      twoFactorRequired: false,
      companyDefaultStatus: "active",
      companyAllowMemberInvites: false,
      companyAutoApproveMembers: false,
      companyRequireEmailVerification: false,
      created: expect.any(Date),
      updated: expect.any(Date),
    });
  });

  it("creates the policies with the defaults for a tenant that has none", async () => {
    const tenant = await createTestTenant(database.db);
    expect(await policiesRow(tenant.tenantId)).toHaveLength(0);
    expect(await tenant.caller.tenantPolicies.get()).toMatchObject({ passwordMinLength: 10, sessionTimeoutHours: 24 });
    expect(await policiesRow(tenant.tenantId)).toHaveLength(1);
  });
});

describe("tenantPolicies.update", () => {
  it("accepts every bound of every range and the company settings", async () => {
    const tenant = await createTestTenant(database.db);
    const bounds: PoliciesInput[] = [
      { passwordMinLength: 8, sessionTimeoutHours: 1, maxLoginAttempts: 3 },
      { passwordMinLength: 128, sessionTimeoutHours: 720, maxLoginAttempts: 20 },
    ];
    for (const input of bounds) {
      expect(await tenant.caller.tenantPolicies.update(input)).toMatchObject(input);
    }
    const company = {
      companyDefaultStatus: "inactive",
      companyAllowMemberInvites: true,
      companyAutoApproveMembers: true,
      companyRequireEmailVerification: true,
      passwordRequireUppercase: true,
      passwordRequireNumbers: true,
      passwordRequireSymbols: true,
      twoFactorRequired: true,
    } as const;
    const updated = await tenant.caller.tenantPolicies.update(company);
    expect(updated).toMatchObject({ ...company, passwordMinLength: 128, sessionTimeoutHours: 720 });
    expect(await tenant.caller.tenantPolicies.get()).toEqual(updated);
  });

  it("refuses values out of range with BAD_REQUEST and the field path, and changes nothing", async () => {
    const tenant = await createTestTenant(database.db);
    await tenant.caller.tenantPolicies.get();
    const before = await policiesRow(tenant.tenantId);
    const all = await trpcFailure(
      tenant.caller.tenantPolicies.update({
        passwordMinLength: 7,
        sessionTimeoutHours: 0,
        maxLoginAttempts: 21,
        // @ts-expect-error: not a company status
        companyDefaultStatus: "archived",
      }),
    );
    expect(all.code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsOf(all) ?? {}).sort()).toEqual([
      "companyDefaultStatus",
      "maxLoginAttempts",
      "passwordMinLength",
      "sessionTimeoutHours",
    ]);
    const cases: Record<string, unknown>[] = [
      { passwordMinLength: 129 },
      { passwordMinLength: 8.5 },
      { passwordMinLength: "12" },
      { sessionTimeoutHours: 721 },
      { maxLoginAttempts: 2 },
      { twoFactorRequired: "true" },
      { companyAllowMemberInvites: null },
    ];
    for (const input of cases) {
      const bad = await trpcFailure(tenant.caller.tenantPolicies.update(input as PoliciesInput));
      expect({ input, code: bad.code, fields: Object.keys(fieldErrorsOf(bad) ?? {}) }).toEqual({
        input,
        code: "BAD_REQUEST",
        fields: Object.keys(input),
      });
    }
    expect(await policiesRow(tenant.tenantId)).toEqual(before);
  });

  it("refuses unknown keys (tenant id, roles, timestamps) with BAD_REQUEST naming them", async () => {
    const tenant = await createTestTenant(database.db);
    const other = await createTestTenant(database.db);
    await tenant.caller.tenantPolicies.get();
    const before = await policiesRow(tenant.tenantId);
    for (const extra of [
      { tenantId: other.tenantId },
      { roles: ["owner"] },
      { created: new Date(0) },
      { updated: new Date(0) },
    ]) {
      const error = await trpcFailure(
        tenant.caller.tenantPolicies.update({ maxLoginAttempts: 10, ...extra } as PoliciesInput),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(fieldErrorsOf(error)).toEqual({ "(input)": [`Unrecognized key: "${Object.keys(extra)[0]}"`] });
    }
    expect(await policiesRow(tenant.tenantId)).toEqual(before);
    expect(await policiesRow(other.tenantId)).toEqual([]);
  });

  it("lets every member read but only owners and admins update (FORBIDDEN otherwise)", async () => {
    const { a } = await createSecurityFixture(database.db);
    for (const token of [...Object.values(a.sessions), a.readKey]) {
      await expect(as(token).tenantPolicies.get()).resolves.toHaveProperty("passwordMinLength", 10);
    }
    const before = await policiesRow(a.tenantId);
    for (const token of [a.sessions.member, a.sessions.billing, a.readKey]) {
      expect((await trpcFailure(as(token).tenantPolicies.update({ passwordMinLength: 8 }))).code).toBe("FORBIDDEN");
    }
    expect(await policiesRow(a.tenantId)).toEqual(before);
    await as(a.sessions.admin).tenantPolicies.update({ passwordMinLength: 12 });
    await as(a.writeKey).tenantPolicies.update({ maxLoginAttempts: 7 });
    expect(await as(a.sessions.member).tenantPolicies.get()).toMatchObject({
      passwordMinLength: 12,
      maxLoginAttempts: 7,
    });
  });

  it("changes only the caller's tenant", async () => {
    const { a, b } = await createSecurityFixture(database.db);
    const bBefore = await policiesRow(b.tenantId);
    await as(a.sessions.owner).tenantPolicies.update({ passwordMinLength: 20, companyDefaultStatus: "suspended" });
    expect(await policiesRow(b.tenantId)).toEqual(bBefore);
    expect(await as(b.sessions.owner).tenantPolicies.get()).toMatchObject({
      passwordMinLength: 10,
      companyDefaultStatus: "active",
    });
  });

  it("answers a stale expectedUpdated with CONFLICT and a current one with the update", async () => {
    const tenant = await createTestTenant(database.db);
    const read = await tenant.caller.tenantPolicies.get();
    const first = await tenant.caller.tenantPolicies.update({ maxLoginAttempts: 4, expectedUpdated: read.updated });
    const stale = await trpcFailure(
      tenant.caller.tenantPolicies.update({ maxLoginAttempts: 9, expectedUpdated: read.updated }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect((await tenant.caller.tenantPolicies.get()).maxLoginAttempts).toBe(4);
    await expect(
      tenant.caller.tenantPolicies.update({ maxLoginAttempts: 9, expectedUpdated: first.updated }),
    ).resolves.toMatchObject({ maxLoginAttempts: 9 });
  });
});

describe("policies set through the API are enforced by auth", () => {
  it("applies the password rules to the next password change", async () => {
    const { token } = await signUp();
    await as(token).tenantPolicies.update({ passwordRequireNumbers: true });
    const noDigit = await trpcFailure(
      as(token).auth.changePassword({ currentPassword: PASSWORD, newPassword: "no digits in this one" }),
    );
    expect(noDigit.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(noDigit)).toEqual({ newPassword: ["must contain a digit"] });

    await as(token).tenantPolicies.update({ passwordMinLength: 16, passwordRequireSymbols: true });
    const short = await trpcFailure(
      as(token).auth.changePassword({ currentPassword: PASSWORD, newPassword: "short pass 1" }),
    );
    expect(fieldErrorsOf(short)).toEqual({ newPassword: ["must be at least 16 characters", "must contain a symbol"] });

    await as(token).auth.changePassword({ currentPassword: PASSWORD, newPassword: "long enough pass-1" });
  });

  it("gives the next sign-in a session of the new lifetime", async () => {
    const { token, email } = await signUp();
    await as(token).tenantPolicies.update({ sessionTimeoutHours: 2 });
    const before = Date.now();
    const session = await anonymous().auth.signIn({ email, password: PASSWORD });
    const after = Date.now();
    expect(session.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 2 * HOUR);
    expect(session.expiresAt.getTime()).toBeLessThanOrEqual(after + 2 * HOUR);

    await as(token).tenantPolicies.update({ sessionTimeoutHours: 720 });
    const long = await anonymous().auth.signIn({ email, password: PASSWORD });
    expect(long.expiresAt.getTime()).toBeGreaterThan(after + 719 * HOUR);
  });

  it("locks the account after the new number of failed sign-ins", async () => {
    const { token, email } = await signUp();
    await as(token).tenantPolicies.update({ maxLoginAttempts: 3 });
    for (let i = 0; i < 3; i++) {
      expect((await trpcFailure(anonymous().auth.signIn({ email, password: "wrong password!" }))).code).toBe(
        "UNAUTHORIZED",
      );
    }
    expect((await trpcFailure(anonymous().auth.signIn({ email, password: PASSWORD }))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("makes the next sign-in enroll in two-factor when it becomes required", async () => {
    const { token, email } = await signUp();
    expect((await anonymous().auth.signIn({ email, password: PASSWORD })).totpEnrollmentRequired).toBe(false);
    await as(token).tenantPolicies.update({ twoFactorRequired: true });
    const pending = await anonymous().auth.signIn({ email, password: PASSWORD });
    expect(pending.totpEnrollmentRequired).toBe(true);
    expect((await trpcFailure(as(pending.token).tenantPolicies.get())).code).toBe("FORBIDDEN");
  });
});
