import type { Database } from "@outbound/db";
import { createSecurityFixture, createTestTenant, type SecurityFixture, sessionFor } from "@outbound/testing";
import type { AccessRule } from "../../src/access.js";
import type { CaseContext } from "../security/cases.js";

/**
 * Who calls each procedure, and on which fixture. Most share one fixture; a procedure that can
 * end the caller's access (sign-out, tenant deletion, suspension, member and plan changes,
 * policies such as required 2FA) gets its own, or new credentials every call, so it can't spoil
 * the credentials of the procedures after it.
 */

/** Mutations that change the caller's tenant, membership, plan or sessions: each gets its own fixture. */
const OWN_FIXTURE = new Set([
  "auth.enrollTotp",
  "auth.confirmTotp",
  "members.add",
  "members.remove",
  "members.updateRoles",
  "apiKeys.revoke",
  "billing.subscribe",
  "billing.changePlan",
  "billing.cancel",
  "billing.resume",
  "billing.setBillingContact",
  "billing.addons.add",
  "billing.addons.remove",
  "tenants.update",
  "tenantPolicies.update",
  "tenantConfig.update",
]);

/** These end the very session they are called with (or every other one): a new owner session each call. */
const NEW_SESSION_EACH_CALL = new Set(["auth.signOut", "auth.switchTenant", "auth.changePassword"]);

/** Deletes the caller's tenant: a new tenant and owner each call. */
const NEW_TENANT_EACH_CALL = new Set(["tenants.delete"]);

/** Staff actions on "tenant a" in their base input: each call aims at a new tenant instead. */
const NEW_TARGET_TENANT_EACH_CALL = new Set(["admin.tenants.suspend", "admin.tenants.restore"]);

/** True when the procedure runs on a fixture of its own: those run after the shared ones. */
export function isIsolated(path: string): boolean {
  return (
    OWN_FIXTURE.has(path) ||
    NEW_SESSION_EACH_CALL.has(path) ||
    NEW_TENANT_EACH_CALL.has(path) ||
    NEW_TARGET_TENANT_EACH_CALL.has(path)
  );
}

/** The token of the role the procedure needs in `fixture`; null for public procedures. */
export function tokenFor(access: AccessRule, fixture: SecurityFixture): string | null {
  switch (access.kind) {
    case "public":
      return null;
    case "staff":
      return fixture.staff.all;
    case "tenant":
      return access.level === "billing" ? fixture.a.sessions.billing : fixture.a.sessions.owner;
    case "authed":
      return fixture.a.sessions.owner;
  }
}

/** What one call runs with: the caller's token and the context its base input is built in. */
export interface CallSetup {
  token: string | null;
  context: CaseContext;
}

/** Tenant a of `fixture` replaced by another tenant id, for base inputs that name tenant a. */
function aimedAt(db: Database, fixture: SecurityFixture, tenantId: string): CaseContext {
  return { db, fixture: { ...fixture, a: { ...fixture.a, tenantId } } };
}

/**
 * Returns how to set up each call of `path`: called once per procedure (an own fixture is made
 * here), then the returned function once per call.
 */
export async function setupsFor(
  path: string,
  access: AccessRule,
  shared: CaseContext,
): Promise<() => Promise<CallSetup>> {
  const db = shared.db;
  if (NEW_TENANT_EACH_CALL.has(path)) {
    return async () => {
      const tenant = await createTestTenant(db);
      return {
        token: await sessionFor(db, tenant.ownerUserId, tenant.tenantId),
        context: aimedAt(db, shared.fixture, tenant.tenantId),
      };
    };
  }
  if (NEW_TARGET_TENANT_EACH_CALL.has(path)) {
    return async () => ({
      token: tokenFor(access, shared.fixture),
      context: aimedAt(db, shared.fixture, (await createTestTenant(db)).tenantId),
    });
  }
  if (NEW_SESSION_EACH_CALL.has(path)) {
    const fixture = await createSecurityFixture(db);
    const context = { db, fixture };
    return async () => ({ token: await sessionFor(db, fixture.a.userIds.owner, fixture.a.tenantId), context });
  }
  if (OWN_FIXTURE.has(path)) {
    const fixture = await createSecurityFixture(db);
    const setup = { token: tokenFor(access, fixture), context: { db, fixture } };
    return async () => setup;
  }
  const setup = { token: tokenFor(access, shared.fixture), context: shared };
  return async () => setup;
}
