import { randomUUID } from "node:crypto";
import { generateApiKey, generateSessionToken, TENANT_ROLES, type TenantRole } from "@outbound/api";
import { type Database, schema } from "@outbound/db";
import { insertApiKey } from "@outbound/db/queries/api-keys";
import { insertSession } from "@outbound/db/queries/sessions";
import { insertMembership, insertTenantWithDefaults } from "@outbound/db/queries/tenants";
import { eq } from "drizzle-orm";

const HOUR = 3600_000;

async function insertUser(db: Database, label: string) {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const [user] = await db.insert(schema.users).values({ email, name: label }).returning({ id: schema.users.id });
  if (!user) throw new Error("user insert returned nothing");
  return { id: user.id, email };
}

async function sessionFor(db: Database, userId: string, tenantId: string, expires = new Date(Date.now() + HOUR)) {
  const { token, tokenHash } = generateSessionToken();
  await insertSession(db, { tokenHash, userId, tenantId, expires });
  return token;
}

async function apiKeyFor(db: Database, tenantId: string, scope: "read" | "write", extra: { expires?: Date } = {}) {
  const key = generateApiKey();
  await insertApiKey(db, { tenantId, name: `${scope} key`, prefix: key.prefix, keyHash: key.keyHash, scope, ...extra });
  return key;
}

/** A tenant whose members hold each role, with a session token per role and API keys of each scope. */
export interface SecurityTenant {
  tenantId: string;
  userIds: Record<TenantRole, string>;
  sessions: Record<TenantRole, string>;
  writeKey: string;
  readKey: string;
}

async function createSecurityTenant(db: Database, label: string): Promise<SecurityTenant> {
  const tenant = await insertTenantWithDefaults(db, { name: `${label} ${randomUUID().slice(0, 8)}` });
  const plan = await db.select({ id: schema.plans.id }).from(schema.plans).where(eq(schema.plans.slug, "scale"));
  if (plan[0]) {
    const end = new Date(Date.now() + 30 * 24 * HOUR);
    await db.insert(schema.subscriptions).values({
      tenantId: tenant.id,
      planId: plan[0].id,
      status: "active",
      currentPeriodStart: new Date(),
      currentPeriodEnd: end,
    });
  }
  const userIds = {} as Record<TenantRole, string>;
  const sessions = {} as Record<TenantRole, string>;
  for (const role of TENANT_ROLES) {
    const user = await insertUser(db, `${label}-${role}`);
    await insertMembership(db, { tenantId: tenant.id, userId: user.id, roles: [role], email: user.email });
    userIds[role] = user.id;
    sessions[role] = await sessionFor(db, user.id, tenant.id);
  }
  return {
    tenantId: tenant.id,
    userIds,
    sessions,
    writeKey: (await apiKeyFor(db, tenant.id, "write")).key,
    readKey: (await apiKeyFor(db, tenant.id, "read")).key,
  };
}

export interface SecurityFixture {
  /** The caller's tenant. */
  a: SecurityTenant;
  /** Another tenant, whose ids must look missing to `a`. */
  b: SecurityTenant;
  /** Credentials that must all be refused with UNAUTHORIZED. */
  dead: { label: string; token: string }[];
  /** Sessions of staff users: one whose role grants every permission, one whose role grants none. */
  staff: { all: string; none: string };
}

/**
 * Everything the security suite needs, inserted directly (no password hashing), so each
 * procedure can get a fresh fixture cheaply.
 */
export async function createSecurityFixture(db: Database): Promise<SecurityFixture> {
  const a = await createSecurityTenant(db, "tenant-a");
  const b = await createSecurityTenant(db, "tenant-b");

  const revoked = await apiKeyFor(db, a.tenantId, "write");
  await db.update(schema.apiKeys).set({ revoked: new Date() }).where(eq(schema.apiKeys.keyHash, revoked.keyHash));
  const expiredKey = await apiKeyFor(db, a.tenantId, "write", { expires: new Date(Date.now() - 1000) });
  const expiredSession = await sessionFor(db, a.userIds.owner, a.tenantId, new Date(Date.now() - 1000));

  const deletedUser = await insertUser(db, "deleted-user");
  await insertMembership(db, {
    tenantId: a.tenantId,
    userId: deletedUser.id,
    roles: ["owner"],
    email: deletedUser.email,
  });
  const deletedUserSession = await sessionFor(db, deletedUser.id, a.tenantId);
  await db.update(schema.users).set({ deleted: new Date() }).where(eq(schema.users.id, deletedUser.id));

  const gone = await createSecurityTenant(db, "deleted-tenant");
  await db.update(schema.tenants).set({ deleted: new Date() }).where(eq(schema.tenants.id, gone.tenantId));

  const staffAll = await insertUser(db, "staff-all");
  const staffNone = await insertUser(db, "staff-none");
  for (const user of [staffAll, staffNone]) {
    await insertMembership(db, { tenantId: a.tenantId, userId: user.id, roles: ["member"], email: user.email });
  }
  const suffix = randomUUID().slice(0, 8);
  const [roleAll] = await db
    .insert(schema.staffRoles)
    .values({ name: `test-all-${suffix}` })
    .returning({ id: schema.staffRoles.id });
  const [roleNone] = await db
    .insert(schema.staffRoles)
    .values({ name: `test-none-${suffix}` })
    .returning({ id: schema.staffRoles.id });
  if (!roleAll || !roleNone) throw new Error("staff role insert returned nothing");
  const allPermissions = await db.select({ id: schema.permissions.id }).from(schema.permissions);
  if (allPermissions.length > 0) {
    await db
      .insert(schema.staffRolePermissions)
      .values(allPermissions.map((p) => ({ roleId: roleAll.id, permissionId: p.id })));
  }
  await db.insert(schema.staffMembers).values([
    { userId: staffAll.id, roleId: roleAll.id },
    { userId: staffNone.id, roleId: roleNone.id },
  ]);

  return {
    a,
    b,
    dead: [
      { label: "revoked API key", token: revoked.key },
      { label: "expired API key", token: expiredKey.key },
      { label: "expired session", token: expiredSession },
      { label: "deleted user's session", token: deletedUserSession },
      { label: "deleted tenant's session", token: gone.sessions.owner },
      { label: "deleted tenant's API key", token: gone.writeKey },
      { label: "unknown token", token: "ob_live_unknown" },
    ],
    staff: {
      all: await sessionFor(db, staffAll.id, a.tenantId),
      none: await sessionFor(db, staffNone.id, a.tenantId),
    },
  };
}
