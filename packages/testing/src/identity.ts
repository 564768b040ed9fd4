import { randomUUID } from "node:crypto";
import { generateSessionToken } from "@outbound/api";
import { type Database, schema } from "@outbound/db";
import { insertSession } from "@outbound/db/queries/sessions";
import { insertStaffMember } from "@outbound/db/queries/staff";
import { insertMonthlySubscription } from "@outbound/db/queries/subscriptions";
import { insertMembership } from "@outbound/db/queries/tenants";
import { PLAN_CATALOG } from "@outbound/db/seed";
import { and, desc, eq, inArray } from "drizzle-orm";
import { type Caller, callerFor, createTestTenant } from "./fixtures.js";

type PlanOverrides = Partial<Omit<typeof schema.plans.$inferInsert, "id" | "slug">>;

/**
 * A private plan (inactive, so it never shows in the public catalog other tests read) with the
 * free plan's values plus API access (test tenants call through API keys) and the given
 * overrides; returns its id.
 */
export async function createTestPlan(db: Database, overrides: PlanOverrides = {}): Promise<string> {
  const base = PLAN_CATALOG[0];
  if (!base) throw new Error("the plan catalog is empty");
  const [plan] = await db
    .insert(schema.plans)
    .values({ ...base, apiAccess: true, slug: `test-${randomUUID()}`, isActive: false, ...overrides })
    .returning({ id: schema.plans.id });
  if (!plan) throw new Error("plan insert returned nothing");
  return plan.id;
}

/** Starts an active subscription of the tenant on the plan (a seeded slug or a plan id); returns the subscription id. */
export async function subscribe(
  db: Database,
  tenantId: string,
  plan: { slug: string } | { id: string },
): Promise<string> {
  const planId =
    "id" in plan
      ? plan.id
      : (await db.select({ id: schema.plans.id }).from(schema.plans).where(eq(schema.plans.slug, plan.slug)))[0]?.id;
  if (!planId) throw new Error("no such plan");
  await insertMonthlySubscription(db, { tenantId, planId, billingContactUserId: null, now: new Date() });
  const [row] = await db
    .select({ id: schema.subscriptions.id })
    .from(schema.subscriptions)
    .where(and(eq(schema.subscriptions.tenantId, tenantId), eq(schema.subscriptions.planId, planId)))
    .orderBy(desc(schema.subscriptions.id))
    .limit(1);
  if (!row) throw new Error("subscription not found");
  return row.id;
}

/** A session token of the user in the tenant, as if they had signed in there. */
export async function sessionFor(db: Database, userId: string, tenantId: string): Promise<string> {
  const { token, tokenHash } = generateSessionToken();
  await insertSession(db, { tokenHash, userId, tenantId, expires: new Date(Date.now() + 3600_000) });
  return token;
}

/** A user signed in to a tenant: their id and email, the session token and a caller for it. */
export interface TestMember {
  userId: string;
  email: string;
  token: string;
  caller: Caller;
}

/** A new user who is a member of the tenant with these roles, with a session there and a caller for it. */
export async function memberWithSession(db: Database, tenantId: string, roles: string[]): Promise<TestMember> {
  const email = `member-${randomUUID().slice(0, 8)}@example.test`;
  const [user] = await db
    .insert(schema.users)
    .values({ email, name: `Member ${roles.join("+")}` })
    .returning({ id: schema.users.id });
  if (!user) throw new Error("user insert returned nothing");
  await insertMembership(db, { tenantId, userId: user.id, roles, email });
  const token = await sessionFor(db, user.id, tenantId);
  return { userId: user.id, email, token, caller: callerFor(db, `Bearer ${token}`) };
}

/**
 * A staff member of a fresh role holding exactly these permissions (each must be seeded): a new
 * plain member of the tenant (of a fresh test tenant when none is given), signed in there.
 * A fresh role, so tests never edit the seeded roles other test files rely on.
 */
export async function staffWith(db: Database, permissions: string[], tenantId?: string): Promise<TestMember> {
  const [role] = await db
    .insert(schema.staffRoles)
    .values({ name: `test-${randomUUID().slice(0, 8)}` })
    .returning({ id: schema.staffRoles.id });
  if (!role) throw new Error("role insert returned nothing");
  const granted =
    permissions.length === 0
      ? []
      : await db
          .select({ id: schema.permissions.id, name: schema.permissions.name })
          .from(schema.permissions)
          .where(inArray(schema.permissions.name, permissions));
  const missing = permissions.filter((name) => !granted.some((p) => p.name === name));
  if (missing.length > 0) throw new Error(`permissions not seeded: ${missing.join(", ")}`);
  if (granted.length > 0) {
    await db.insert(schema.staffRolePermissions).values(granted.map((p) => ({ roleId: role.id, permissionId: p.id })));
  }
  const home = tenantId ?? (await createTestTenant(db)).tenantId;
  const member = await memberWithSession(db, home, ["member"]);
  await insertStaffMember(db, { userId: member.userId, roleId: role.id });
  return member;
}
