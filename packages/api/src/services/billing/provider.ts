export type BillingInterval = "month" | "year";

/** A subscription as the payment provider holds it. */
export interface ProviderSubscription {
  /** The provider's id (Stripe `sub_...`); null for the local provider. */
  externalId: string | null;
  status: string;
  periodStart: Date;
  periodEnd: Date;
  /** What the client passes to Stripe.js to confirm the first payment; null when nothing is to confirm. */
  clientSecret: string | null;
  /** A payment taken at once (local provider); Stripe reports payments by webhook instead. */
  payment: { amountCents: number; currency: string } | null;
}

/** A verified provider event, reduced to what billing applies. */
export interface BillingEvent {
  id: string;
  type: string;
  /** When the provider created the event; older events never overwrite newer state. */
  created: Date;
  object: Record<string, unknown>;
}

/**
 * One interface over the payment provider. Calls are made outside database transactions (a slow
 * provider must never hold locks) and callers record the outcome afterwards, with two exceptions
 * that hold only their own tenant's locks: `subscribe` (the tenant's subscription lock, and the
 * idempotency key's claim) and add-on quantity syncs (the tenant's add-on lock).
 */
export interface BillingProvider {
  readonly kind: "local" | "stripe";
  /** Returns the customer id to store, reusing `customerId` when present; null when the provider has none. */
  ensureCustomer(args: {
    customerId: string | null;
    tenantId: string;
    email: string | null;
    name: string;
  }): Promise<string | null>;
  createSubscription(args: {
    customerId: string | null;
    tenantId: string;
    /** Recorded with the subscription so the first invoice's payment names who started it. */
    initiatedByUserId: string | null;
    priceId: string | null;
    amountCents: number;
    interval: BillingInterval;
    now: Date;
    /** The same key creates one subscription however often the call is repeated (for a day). */
    idempotencyKey?: string | undefined;
  }): Promise<ProviderSubscription>;
  /** Moves the subscription to another price; `prorate` charges the difference now (upgrades). */
  changePrice(args: { externalId: string | null; priceId: string | null; prorate: boolean }): Promise<void>;
  setCancelAtPeriodEnd(args: { externalId: string | null; cancel: boolean }): Promise<void>;
  /** Makes the subscription's item for `priceId` carry `quantity` units (0 removes it). */
  syncAddonQuantity(args: { externalId: string | null; priceId: string | null; quantity: number }): Promise<void>;
  /** Stripe price id of an add-on type, or null when this provider sells it without one. */
  addonPriceId(addonType: string): string | null;
  /** Verifies a webhook's signature and parses it; throws on a bad or stale signature, null for a shape no handler reads. */
  parseWebhook(rawBody: string, signature: string | null): BillingEvent | null;
}

export function addPeriod(from: Date, interval: BillingInterval): Date {
  const end = new Date(from);
  if (interval === "year") end.setUTCFullYear(end.getUTCFullYear() + 1);
  else end.setUTCMonth(end.getUTCMonth() + 1);
  return end;
}

export class WebhookSignatureError extends Error {
  override readonly name = "WebhookSignatureError";
}
