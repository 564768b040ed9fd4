import { and, eq } from "drizzle-orm";
import type { Database } from "../client.js";
import { plans, subscriptions } from "../schema/index.js";

export async function findActivePlanBySlug(db: Database, slug: string) {
  const rows = await db
    .select()
    .from(plans)
    .where(and(eq(plans.slug, slug), eq(plans.isActive, true)))
    .limit(1);
  return rows[0] ?? null;
}

/** Starts a subscription on `planId` for one monthly period from `now`. */
export async function insertSubscription(
  db: Database,
  args: { tenantId: string; planId: string; billingContactUserId: string | null; now: Date },
): Promise<void> {
  const end = new Date(args.now);
  end.setUTCMonth(end.getUTCMonth() + 1);
  await db.insert(subscriptions).values({
    tenantId: args.tenantId,
    planId: args.planId,
    status: "active",
    currentPeriodStart: args.now,
    currentPeriodEnd: end,
    billingContactUserId: args.billingContactUserId,
  });
}
