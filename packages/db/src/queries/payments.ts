// Payments recorded for a tenant, from the local provider or Stripe invoices.
import { and, desc, eq, lt } from "drizzle-orm";
import type { Database } from "../client.js";
import { payments } from "../schema/index.js";
import { toPage } from "./pagination.js";

export const paymentColumns = {
  id: payments.id,
  subscriptionId: payments.subscriptionId,
  initiatedByUserId: payments.initiatedByUserId,
  amount: payments.amount,
  currency: payments.currency,
  status: payments.status,
  processed: payments.processed,
  description: payments.description,
  billingPeriodStart: payments.billingPeriodStart,
  billingPeriodEnd: payments.billingPeriodEnd,
  created: payments.created,
};

export async function listPayments(
  db: Database,
  args: { tenantId: string; cursor?: string | undefined; limit: number },
) {
  const rows = await db
    .select(paymentColumns)
    .from(payments)
    .where(and(eq(payments.tenantId, args.tenantId), args.cursor ? lt(payments.id, args.cursor) : undefined))
    .orderBy(desc(payments.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function insertPayment(db: Database, row: Omit<typeof payments.$inferInsert, "id" | "created">) {
  await db.insert(payments).values(row).onConflictDoNothing();
}

/** A paid invoice settles any earlier failed attempt recorded for it. */
export async function upsertInvoicePayment(db: Database, row: Omit<typeof payments.$inferInsert, "id" | "created">) {
  await db
    .insert(payments)
    .values(row)
    .onConflictDoUpdate({
      target: payments.stripePaymentIntentId,
      set: { status: row.status, amount: row.amount, processed: row.processed },
    });
}
