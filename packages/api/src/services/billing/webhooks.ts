import type { Database } from "@outbound/db";
import { findTenantByStripeCustomer } from "@outbound/db/queries/billing-customers";
import { insertPayment, upsertInvoicePayment } from "@outbound/db/queries/payments";
import { findPlanByStripePrice } from "@outbound/db/queries/plans";
import { claimWebhookEvent } from "@outbound/db/queries/stripe-events";
import {
  findSubscriptionByStripeId,
  getCurrentSubscription,
  type SubscriptionPatch,
  updateSubscription,
} from "@outbound/db/queries/subscriptions";
import { centsToMoney } from "./money.js";
import { type BillingEvent, type BillingProvider, WebhookSignatureError } from "./provider.js";

type Json = Record<string, unknown>;
type Row = NonNullable<Awaited<ReturnType<typeof findSubscriptionByStripeId>>>;

const obj = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" ? value : null);
const idOf = (value: unknown): string | null => str(value) ?? str(obj(value).id);
const date = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000));

/**
 * An event older than the row's last change is stale: Stripe states are snapshots, so applying
 * it would undo newer state. Events have one-second resolution, so the same second still applies.
 */
const isStale = (event: BillingEvent, row: { updated: Date }) =>
  event.created.getTime() < Math.floor(row.updated.getTime() / 1000) * 1000;

async function applySubscriptionEvent(tx: Database, event: BillingEvent, row: Row) {
  if (isStale(event, row)) return;
  const remote = event.object;
  const deleted = event.type === "customer.subscription.deleted";
  // Canceled is final: a late update must not bring an ended subscription back.
  if (row.status === "canceled" && !deleted) return;
  const items = (obj(remote.items).data as unknown[] | undefined) ?? [];
  const first = obj(items[0]);
  const periodStart = date(num(first.current_period_start));
  const periodEnd = date(num(first.current_period_end));
  const patch: SubscriptionPatch = {
    status: deleted ? "canceled" : (str(remote.status) ?? row.status),
    cancelAtPeriodEnd: remote.cancel_at_period_end === true,
    updated: event.created,
  };
  if (periodStart && periodEnd) Object.assign(patch, { currentPeriodStart: periodStart, currentPeriodEnd: periodEnd });
  const renewed = periodStart && row.currentPeriodEnd && periodStart.getTime() >= row.currentPeriodEnd.getTime();
  const priceIds = items.map((item) => idOf(obj(item).price)).filter((id): id is string => id !== null);
  let remotePlanId: string | null = null;
  for (const priceId of priceIds) {
    remotePlanId = (await findPlanByStripePrice(tx, priceId))?.id ?? null;
    if (remotePlanId) break;
  }
  if (row.pendingPlanId && renewed) {
    // The period the downgrade waited for is over.
    Object.assign(patch, { planId: row.pendingPlanId, pendingPlanId: null });
  } else if (remotePlanId && remotePlanId !== row.planId && remotePlanId !== row.pendingPlanId) {
    // Changed on Stripe's side (dashboard, support): Stripe's plan wins.
    Object.assign(patch, { planId: remotePlanId, pendingPlanId: null });
  }
  await updateSubscription(tx, { tenantId: row.tenantId, id: row.id }, patch);
}

async function subscriptionOfInvoice(tx: Database, invoice: Json) {
  const parent = obj(invoice.parent);
  const details = obj(parent.subscription_details);
  const stripeId = idOf(details.subscription) ?? idOf(invoice.subscription);
  if (stripeId) {
    const row = await findSubscriptionByStripeId(tx, stripeId);
    if (row) return { row, metadata: obj(details.metadata) };
  }
  const customerId = idOf(invoice.customer);
  const tenantId = customerId ? await findTenantByStripeCustomer(tx, customerId) : null;
  const current = tenantId ? await getCurrentSubscription(tx, tenantId) : null;
  return tenantId && current ? { row: { tenantId, ...current }, metadata: obj(details.metadata) } : null;
}

/**
 * The event names a subscription we have no row for (yet): typically `subscribe` is still between
 * Stripe's answer and its commit. Thrown inside the claim's transaction, so the claim rolls back
 * and Stripe's retry finds the row.
 */
class SubscriptionNotYetKnown extends Error {}

async function applyInvoiceEvent(tx: Database, event: BillingEvent) {
  const invoice = event.object;
  const invoiceId = str(invoice.id);
  if (!invoiceId) return;
  const found = await subscriptionOfInvoice(tx, invoice);
  if (!found) throw new SubscriptionNotYetKnown();
  const { row, metadata } = found;
  const paid = event.type === "invoice.paid";
  const line = obj(((obj(invoice.lines).data as unknown[] | undefined) ?? [])[0]);
  const period = obj(line.period);
  const initiatedBy =
    str(invoice.billing_reason) === "subscription_create" ? str(metadata.initiatedByUserId) || null : null;
  const payment = {
    tenantId: row.tenantId,
    subscriptionId: row.id,
    initiatedByUserId: initiatedBy,
    amount: centsToMoney(num(paid ? invoice.amount_paid : invoice.amount_due) ?? 0),
    currency: (str(invoice.currency) ?? "usd").slice(0, 3),
    status: paid ? "succeeded" : "failed",
    processed: event.created,
    description: str(invoice.description) ?? str(invoice.number),
    // The invoice id keys the payment: a failed attempt and its later success are one payment.
    stripePaymentIntentId: invoiceId,
    billingPeriodStart: date(num(period.start)),
    billingPeriodEnd: date(num(period.end)),
  };
  if (paid) await upsertInvoicePayment(tx, payment);
  else await insertPayment(tx, payment);
  if (isStale(event, row) || row.status === "canceled") return;
  const status = paid ? (row.status === "active" || row.status === "trialing" ? null : "active") : "past_due";
  if (status && status !== row.status) {
    await updateSubscription(tx, { tenantId: row.tenantId, id: row.id }, { status, updated: event.created });
  }
}

const HANDLED = new Set([
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "invoice.paid",
  "invoice.payment_failed",
]);

export type StripeEventOutcome = "applied" | "duplicate" | "retry";

/**
 * Applies a verified Stripe event once: its id is claimed in the same transaction as its effect,
 * so a replay (or a concurrent duplicate) changes nothing. An event about a subscription with no
 * row yet is left unclaimed ("retry"), so Stripe delivers it again instead of it being lost.
 */
export async function applyStripeEvent(db: Database, event: BillingEvent): Promise<StripeEventOutcome> {
  try {
    return await db.transaction(async (tx) => {
      if (!(await claimWebhookEvent(tx, { id: event.id, source: "stripe", type: event.type }))) return "duplicate";
      if (!HANDLED.has(event.type)) return "applied";
      if (event.type.startsWith("invoice.")) {
        await applyInvoiceEvent(tx, event);
        return "applied";
      }
      const stripeId = str(event.object.id);
      if (!stripeId) return "applied";
      const row = await findSubscriptionByStripeId(tx, stripeId);
      if (!row) throw new SubscriptionNotYetKnown();
      await applySubscriptionEvent(tx, event, row);
      return "applied";
    });
  } catch (error) {
    if (error instanceof SubscriptionNotYetKnown) return "retry";
    throw error;
  }
}

export interface WebhookOutcome {
  status: 200 | 400 | 404 | 409;
  body: { received: boolean; duplicate?: boolean; error?: string };
}

/** The HTTP side of `POST /webhooks/stripe`: nothing is written unless the signature verifies. */
export async function handleStripeWebhook(
  deps: { db: Database; billing: BillingProvider },
  rawBody: string,
  signature: string | null,
): Promise<WebhookOutcome> {
  if (deps.billing.kind !== "stripe") {
    return { status: 404, body: { received: false, error: "Stripe billing is not configured" } };
  }
  let event: BillingEvent | null;
  try {
    event = deps.billing.parseWebhook(rawBody, signature);
  } catch (error) {
    if (error instanceof WebhookSignatureError) return { status: 400, body: { received: false, error: error.message } };
    throw error;
  }
  if (!event) return { status: 200, body: { received: true } };
  const outcome = await applyStripeEvent(deps.db, event);
  if (outcome === "retry") {
    // Any answer but a 2xx makes Stripe retry (with backoff, for up to three days).
    return { status: 409, body: { received: false, error: "This subscription is not known here yet: retry later" } };
  }
  return { status: 200, body: { received: true, duplicate: outcome === "duplicate" } };
}
