import { addPeriod, type BillingProvider, type ProviderSubscription, WebhookSignatureError } from "./provider.js";

/**
 * Billing without a payment network, for the embedded demo and tests: subscriptions are active at
 * once on calendar periods from now, and the first period's price counts as paid.
 */
export class LocalBillingProvider implements BillingProvider {
  readonly kind = "local" as const;

  async ensureCustomer(): Promise<string | null> {
    return null;
  }

  async createSubscription(args: Parameters<BillingProvider["createSubscription"]>[0]): Promise<ProviderSubscription> {
    return {
      externalId: null,
      status: "active",
      periodStart: args.now,
      periodEnd: addPeriod(args.now, args.interval),
      clientSecret: null,
      payment: args.amountCents > 0 ? { amountCents: args.amountCents, currency: "usd" } : null,
    };
  }

  async changePrice(): Promise<void> {}

  async setCancelAtPeriodEnd(): Promise<void> {}

  async syncAddonQuantity(): Promise<void> {}

  addonPriceId(): string | null {
    return null;
  }

  parseWebhook(): never {
    throw new WebhookSignatureError("Webhooks are not accepted without Stripe");
  }
}
