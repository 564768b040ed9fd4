// The tenant's billing customer: its Stripe customer id and billing email (tenant_config).
import { eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { tenantConfig } from "../schema/index.js";

export async function getBillingCustomer(db: Database, tenantId: string) {
  const rows = await db
    .select({ stripeCustomerId: tenantConfig.stripeCustomerId, billingEmail: tenantConfig.billingEmail })
    .from(tenantConfig)
    .where(eq(tenantConfig.tenantId, tenantId))
    .limit(1);
  return rows[0] ?? null;
}

/** Keeps the first customer id stored: a concurrent subscribe that lost the race reuses the winner's. */
export async function storeStripeCustomerId(db: Database, args: { tenantId: string; customerId: string }) {
  await db
    .insert(tenantConfig)
    .values({ tenantId: args.tenantId, stripeCustomerId: args.customerId })
    .onConflictDoUpdate({
      target: tenantConfig.tenantId,
      set: { stripeCustomerId: sql`coalesce(${tenantConfig.stripeCustomerId}, excluded.stripe_customer_id)` },
    });
  const stored = await getBillingCustomer(db, args.tenantId);
  return stored?.stripeCustomerId ?? args.customerId;
}

export async function findTenantByStripeCustomer(db: Database, customerId: string): Promise<string | null> {
  const rows = await db
    .select({ tenantId: tenantConfig.tenantId })
    .from(tenantConfig)
    .where(eq(tenantConfig.stripeCustomerId, customerId))
    .limit(1);
  return rows[0]?.tenantId ?? null;
}
