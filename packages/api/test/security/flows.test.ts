import { randomBytes, randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { findStaffRoleByName, insertStaffMember } from "@outbound/db/queries/staff";
import {
  callerFor,
  createTestPlan,
  createTestTenant,
  sessionFor,
  sharedDepsFor,
  subscribe,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AppDepsOptions } from "../../src/context.js";
import { sendingSetup, templateFor } from "../campaign-helpers.js";

/**
 * The attacks that take more than one call: each flow here is what an outside probe tried
 * across calls, asserted from the caller's side (codes and what still works), as the
 * per-procedure suite asserts single calls.
 */
const database = useTestDatabase();
const PASSWORD = "a long enough password";

/** One server's dependencies shared by every caller (one token key, one rate limiter). */
function server(options: AppDepsOptions = {}) {
  const deps: AppDepsOptions = { tokenKey: randomBytes(32), ...options };
  return {
    anonymous: () => callerFor(database.db, null, deps),
    as: (token: string) => callerFor(database.db, `Bearer ${token}`, deps),
  };
}

async function signUp(app: ReturnType<typeof server>) {
  const email = `flow-${randomUUID().slice(0, 8)}@example.test`;
  const session = await app.anonymous().auth.signUp({ email, password: PASSWORD, name: "Flow", tenantName: "Flows" });
  return { email, ...session };
}

const setPolicy = (tenantId: string, values: Partial<typeof schema.tenantPolicies.$inferInsert>) =>
  database.db.update(schema.tenantPolicies).set(values).where(eq(schema.tenantPolicies.tenantId, tenantId));

describe("flows across calls", () => {
  it("password guessing: parallel guesses check at most max_login_attempts, serial ones hit the throttle", async () => {
    const app = server();
    const victim = await signUp(app);
    await setPolicy(victim.tenant.id, { maxLoginAttempts: 3 });
    const parallel = await Promise.all(
      Array.from(
        { length: 20 },
        async () => (await trpcFailure(app.anonymous().auth.signIn({ email: victim.email, password: "guess!!" }))).code,
      ),
    );
    expect(parallel.filter((code) => code === "UNAUTHORIZED").length).toBeLessThanOrEqual(3);
    expect(parallel.filter((code) => code === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(17);

    // Another account, guessed one call after another: the per-email budget ends it, right password or not.
    const other = await signUp(app);
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      codes.push(
        (await trpcFailure(app.anonymous().auth.signIn({ email: other.email, password: `guess ${i}!!` }))).code,
      );
    }
    expect(codes.at(-1)).toBe("TOO_MANY_REQUESTS");
    expect((await trpcFailure(app.anonymous().auth.signIn({ email: other.email, password: PASSWORD }))).code).toBe(
      "TOO_MANY_REQUESTS",
    );
  });

  it("a staff member who must still enroll in two-factor reaches no staff procedure", async () => {
    const app = server();
    const staff = await signUp(app);
    const role = await findStaffRoleByName(database.db, "superadmin");
    if (!role) throw new Error("superadmin role not seeded");
    await insertStaffMember(database.db, { userId: staff.user.id, roleId: role.id });
    await setPolicy(staff.tenant.id, { twoFactorRequired: true });
    const pending = await app.anonymous().auth.signIn({ email: staff.email, password: PASSWORD });
    const caller = app.as(pending.token);
    for (const call of [
      () => caller.admin.tenants.list({}),
      () => caller.admin.systemConfig.list({}),
      () => caller.leads.list({}),
    ]) {
      expect((await trpcFailure(call())).code).toBe("FORBIDDEN");
    }
  });

  it("a campaign broken while paused can't be resumed into sending", async () => {
    const tenant = await createTestTenant(database.db, { plan: "scale" });
    const setup = await sendingSetup(database.db, tenant.tenantId);
    const c = tenant.caller.campaigns;
    const campaign = await c.create({ companyId: setup.companyId, name: "Paused" });
    const template = await templateFor(tenant);
    await c.steps.add({
      campaignId: campaign.id,
      stepType: "email",
      templateId: template.id,
      emailAccountId: setup.mailboxId,
    });
    await c.launch({ id: campaign.id });
    await c.pause({ id: campaign.id });
    await database.db
      .update(schema.emailAccounts)
      .set({ status: "disabled" })
      .where(and(eq(schema.emailAccounts.tenantId, tenant.tenantId), eq(schema.emailAccounts.id, setup.mailboxId)));
    expect((await trpcFailure(c.resume({ id: campaign.id }))).code).toBe("CONFLICT");
    expect((await c.get({ id: campaign.id })).status).toBe("paused");
  });

  it("an invitation link works once, for its person, only while the invitation stands", async () => {
    const app = server();
    const tenant = await createTestTenant(database.db, { plan: "scale" });
    const owner = {
      token: await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId),
      tenant: { id: tenant.tenantId },
    };
    const invited = await app
      .as(owner.token)
      .members.add({ email: `invitee-${randomUUID().slice(0, 8)}@example.test`, roles: ["member"] });
    const token = new URL(invited.inviteUrl ?? "").hash.replace("#token=", "");
    const session = await app.anonymous().auth.acceptInvitation({ token, password: PASSWORD });
    expect((await app.as(session.token).auth.me()).tenant.id).toBe(owner.tenant.id);
    // Replayed: refused, and the password the person chose still holds.
    expect(
      (await trpcFailure(app.anonymous().auth.acceptInvitation({ token, password: "taken over password" }))).code,
    ).toBe("CONFLICT");
    await expect(app.anonymous().auth.signIn({ email: invited.email, password: PASSWORD })).resolves.toHaveProperty(
      "token",
    );
    // Signed by another server (another key): worthless here.
    const foreign = server();
    expect((await trpcFailure(foreign.anonymous().auth.acceptInvitation({ token, password: PASSWORD }))).code).toBe(
      "BAD_REQUEST",
    );
    // Withdrawn before use: the link leads nowhere.
    const second = await app
      .as(owner.token)
      .members.add({ email: `later-${randomUUID().slice(0, 8)}@example.test`, roles: ["member"] });
    await app.as(owner.token).members.remove({ userId: second.userId });
    const withdrawn = new URL(second.inviteUrl ?? "").hash.replace("#token=", "");
    expect(
      (await trpcFailure(app.anonymous().auth.acceptInvitation({ token: withdrawn, password: PASSWORD }))).code,
    ).toBe("NOT_FOUND");
  });

  it("an API key stops at the downgrade that takes api_access away, on its next call", async () => {
    const tenant = await createTestTenant(database.db);
    const withApi = await createTestPlan(database.db, { apiAccess: true });
    const withoutApi = await createTestPlan(database.db, { apiAccess: false });
    await subscribe(database.db, tenant.tenantId, { id: withApi });
    await expect(tenant.caller.leads.list({})).resolves.toBeTruthy();
    await database.db
      .update(schema.subscriptions)
      .set({ planId: withoutApi })
      .where(eq(schema.subscriptions.tenantId, tenant.tenantId));
    sharedDepsFor(database.db).credentials.clear();
    const refused = await trpcFailure(tenant.caller.leads.list({}));
    expect(refused.code).toBe("PAYMENT_REQUIRED");
  });
});
