import { randomUUID } from "node:crypto";
import { type Database, schema } from "@outbound/db";
import { insertSubscription } from "@outbound/db/queries/plans";
import { insertSession } from "@outbound/db/queries/sessions";
import { insertMembership } from "@outbound/db/queries/tenants";
import { PLAN_CATALOG } from "@outbound/db/seed";
import { callerFor } from "@outbound/testing";
import { and, desc, eq } from "drizzle-orm";
import { generateSessionToken } from "../src/services/tokens.js";

type PlanOverrides = Partial<Omit<typeof schema.plans.$inferInsert, "id" | "slug">>;

/**
 * A private plan (inactive, so it never shows in the public catalog other tests read) with the
 * free plan's values and the given overrides; returns its id.
 */
export async function createTestPlan(db: Database, overrides: PlanOverrides = {}): Promise<string> {
  const base = PLAN_CATALOG[0];
  if (!base) throw new Error("the plan catalog is empty");
  const [plan] = await db
    .insert(schema.plans)
    .values({ ...base, slug: `test-${randomUUID()}`, isActive: false, ...overrides })
    .returning({ id: schema.plans.id });
  if (!plan) throw new Error("plan insert returned nothing");
  return plan.id;
}

/** Starts an active subscription of the tenant on the plan (a seeded slug or a plan id); returns the subscription id. */
export async function subscribe(db: Database, tenantId: string, plan: { slug: string } | { id: string }) {
  const planId =
    "id" in plan
      ? plan.id
      : (await db.select({ id: schema.plans.id }).from(schema.plans).where(eq(schema.plans.slug, plan.slug)))[0]?.id;
  if (!planId) throw new Error("no such plan");
  await insertSubscription(db, { tenantId, planId, billingContactUserId: null, now: new Date() });
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

/** A new user who is a member of the tenant with these roles, with a session there and a caller for it. */
export async function memberWithSession(db: Database, tenantId: string, roles: string[]) {
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
