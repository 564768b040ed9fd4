import Stripe from "stripe";
import { badRequest } from "../../errors.js";
import {
  type BillingEvent,
  type BillingProvider,
  type ProviderSubscription,
  WebhookSignatureError,
} from "./provider.js";

export interface StripeProviderOptions {
  secretKey: string;
  /** Signing secret of the webhook endpoint (`whsec_...`); without it every webhook is refused. */
  webhookSecret?: string | undefined;
  /** Another API base than api.stripe.com (tests, stripe-mock): `http://127.0.0.1:12111`. */
  apiBase?: string | undefined;
  /** Stripe price id per add-on type; a type without one can't be bought. */
  addonPrices?: Record<string, string> | undefined;
}

const seconds = (value: number) => new Date(value * 1000);

export class StripeBillingProvider implements BillingProvider {
  readonly kind = "stripe" as const;
  private readonly stripe: Stripe;

  constructor(private readonly options: StripeProviderOptions) {
    const base = options.apiBase ? new URL(options.apiBase) : null;
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 1,
      telemetry: false,
      ...(base
        ? {
            host: base.hostname,
            port: base.port || (base.protocol === "http:" ? 80 : 443),
            protocol: base.protocol === "http:" ? "http" : "https",
          }
        : {}),
    });
  }

  async ensureCustomer(args: Parameters<BillingProvider["ensureCustomer"]>[0]): Promise<string> {
    if (args.customerId) return args.customerId;
    const customer = await this.stripe.customers.create(
      { name: args.name, ...(args.email ? { email: args.email } : {}), metadata: { tenantId: args.tenantId } },
      { idempotencyKey: `customer-${args.tenantId}` },
    );
    return customer.id;
  }

  async createSubscription(args: Parameters<BillingProvider["createSubscription"]>[0]): Promise<ProviderSubscription> {
    if (!args.customerId || !args.priceId)
      throw badRequest(`This plan has no Stripe price for the ${args.interval} interval`);
    const subscription = await this.stripe.subscriptions.create(
      {
        customer: args.customerId,
        items: [{ price: args.priceId }],
        payment_behavior: "default_incomplete",
        payment_settings: { save_default_payment_method: "on_subscription" },
        expand: ["latest_invoice.confirmation_secret"],
        metadata: { tenantId: args.tenantId, initiatedByUserId: args.initiatedByUserId ?? "" },
      },
      args.idempotencyKey ? { idempotencyKey: `subscription-${args.tenantId}-${args.idempotencyKey}` } : {},
    );
    const item = subscription.items.data[0];
    const invoice = typeof subscription.latest_invoice === "object" ? subscription.latest_invoice : null;
    return {
      externalId: subscription.id,
      status: subscription.status,
      periodStart: item ? seconds(item.current_period_start) : args.now,
      periodEnd: item ? seconds(item.current_period_end) : args.now,
      clientSecret: invoice?.confirmation_secret?.client_secret ?? null,
      payment: null,
    };
  }

  /** The item carrying the plan's price: the one whose price is no add-on's. */
  private async planItem(externalId: string) {
    const subscription = await this.stripe.subscriptions.retrieve(externalId);
    const addonPrices = new Set(Object.values(this.options.addonPrices ?? {}));
    return { subscription, item: subscription.items.data.find((i) => !addonPrices.has(i.price.id)) ?? null };
  }

  async changePrice(args: Parameters<BillingProvider["changePrice"]>[0]): Promise<void> {
    if (!args.externalId) return;
    if (!args.priceId) throw badRequest("The target plan has no Stripe price for this interval");
    const { item } = await this.planItem(args.externalId);
    await this.stripe.subscriptions.update(args.externalId, {
      items: [item ? { id: item.id, price: args.priceId } : { price: args.priceId }],
      proration_behavior: args.prorate ? "always_invoice" : "none",
    });
  }

  async setCancelAtPeriodEnd(args: Parameters<BillingProvider["setCancelAtPeriodEnd"]>[0]): Promise<void> {
    if (!args.externalId) return;
    await this.stripe.subscriptions.update(args.externalId, { cancel_at_period_end: args.cancel });
  }

  async syncAddonQuantity(args: Parameters<BillingProvider["syncAddonQuantity"]>[0]): Promise<void> {
    if (!args.externalId || !args.priceId) return;
    const subscription = await this.stripe.subscriptions.retrieve(args.externalId);
    const item = subscription.items.data.find((i) => i.price.id === args.priceId);
    if (args.quantity <= 0) {
      if (item) await this.stripe.subscriptionItems.del(item.id);
    } else if (item) {
      await this.stripe.subscriptionItems.update(item.id, { quantity: args.quantity });
    } else {
      await this.stripe.subscriptionItems.create({
        subscription: args.externalId,
        price: args.priceId,
        quantity: args.quantity,
      });
    }
  }

  addonPriceId(addonType: string): string | null {
    return this.options.addonPrices?.[addonType] ?? null;
  }

  /** null for a verified event of a shape no handler reads (no id, type, time or data object). */
  parseWebhook(rawBody: string, signature: string | null): BillingEvent | null {
    if (!this.options.webhookSecret || !signature) throw new WebhookSignatureError("Missing webhook signature");
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.options.webhookSecret);
    } catch (error) {
      throw new WebhookSignatureError("Webhook signature does not verify", { cause: error });
    }
    // Signed is not well-formed: the caller acknowledges such an event and ignores it.
    const shape = event as { id?: unknown; type?: unknown; created?: unknown; data?: { object?: unknown } | null };
    const object = shape.data?.object;
    if (
      typeof shape.id !== "string" ||
      typeof shape.type !== "string" ||
      typeof shape.created !== "number" ||
      !Number.isFinite(shape.created) ||
      object === null ||
      typeof object !== "object" ||
      Array.isArray(object)
    ) {
      return null;
    }
    return {
      id: shape.id,
      type: shape.type,
      created: seconds(shape.created),
      object: object as Record<string, unknown>,
    };
  }
}
