// Plans: the public catalogue, staff edits, and lookups by slug or Stripe price.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { plans } from "../schema/index.js";
import { setsSomething } from "./concurrency.js";

/** What anyone may see of a plan; prices in integer cents. */
export const planColumns = {
  id: plans.id,
  name: plans.name,
  slug: plans.slug,
  description: plans.description,
  maxUsers: plans.maxUsers,
  maxDomains: plans.maxDomains,
  maxCampaignsPerMonth: plans.maxCampaignsPerMonth,
  apiRateLimit: plans.apiRateLimit,
  maxEmailAccounts: plans.maxEmailAccounts,
  maxEmailsPerMonth: plans.maxEmailsPerMonth,
  maxWarmups: plans.maxWarmups,
  maxContacts: plans.maxContacts,
  maxStorageGb: plans.maxStorageGb,
  apiAccess: plans.apiAccess,
  prioritySupport: plans.prioritySupport,
  advancedAnalytics: plans.advancedAnalytics,
  whiteLabel: plans.whiteLabel,
  priceMonthly: plans.priceMonthly,
  priceYearly: plans.priceYearly,
  isActive: plans.isActive,
};

/** Staff see the Stripe price ids and notes as well. */
export const adminPlanColumns = {
  ...planColumns,
  notes: plans.notes,
  stripePriceMonthlyId: plans.stripePriceMonthlyId,
  stripePriceYearlyId: plans.stripePriceYearlyId,
  created: plans.created,
  updated: plans.updated,
};

export async function listActivePlans(db: Database) {
  return db.select(planColumns).from(plans).where(eq(plans.isActive, true)).orderBy(plans.priceMonthly, plans.slug);
}

export async function getPlanById(db: Database, id: string) {
  const rows = await db.select(adminPlanColumns).from(plans).where(eq(plans.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findPlanByStripePrice(db: Database, priceId: string) {
  const rows = await db
    .select({ id: plans.id })
    .from(plans)
    .where(sql`${plans.stripePriceMonthlyId} = ${priceId} or ${plans.stripePriceYearlyId} = ${priceId}`)
    .limit(1);
  return rows[0] ?? null;
}

export type NewPlan = Omit<typeof plans.$inferInsert, "id" | "created" | "updated">;

export async function insertPlan(db: Database, plan: NewPlan) {
  const [row] = await db.insert(plans).values(plan).returning(adminPlanColumns);
  if (!row) throw new Error("plan insert returned nothing");
  return row;
}

export async function updatePlan(db: Database, id: string, patch: Partial<NewPlan>) {
  const [row] = setsSomething(patch)
    ? await db.update(plans).set(patch).where(eq(plans.id, id)).returning(adminPlanColumns)
    : await db.select(adminPlanColumns).from(plans).where(eq(plans.id, id));
  return row ?? null;
}

export async function findActivePlanBySlugWithPrices(db: Database, slug: string) {
  const rows = await db
    .select(adminPlanColumns)
    .from(plans)
    .where(and(eq(plans.slug, slug), eq(plans.isActive, true)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findActivePlanBySlug(db: Database, slug: string) {
  const rows = await db
    .select()
    .from(plans)
    .where(and(eq(plans.slug, slug), eq(plans.isActive, true)))
    .limit(1);
  return rows[0] ?? null;
}
