import {
  deactivateAddon,
  getActiveAddon,
  insertAddon,
  listActiveAddons,
  sumAddonQuantity,
} from "@outbound/db/queries/addons";
import { withTenantLock } from "@outbound/db/queries/limits";
import { getCurrentSubscription } from "@outbound/db/queries/subscriptions";
import { ADDON_CATALOG, type AddonType } from "../../domain/plan-limits.js";
import { badRequest, conflict, notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { tenantAllowances } from "../quotas/limits.js";
import { usageCounts } from "../quotas/plan-limits.js";
import { centsToMoney, moneyToCents } from "./money.js";
import { assertProviderBills, type BillingActor } from "./subscriptions.js";

const view = (row: Awaited<ReturnType<typeof insertAddon>>) => {
  const { priceMonthly, ...rest } = row;
  return { ...rest, priceMonthlyCents: moneyToCents(priceMonthly) };
};

async function requireCurrent(actor: BillingActor) {
  const current = await getCurrentSubscription(actor.db, actor.tenantId);
  if (!current) throw conflict("This tenant has no subscription: subscribe to a plan first", { status: "none" });
  return current;
}

export async function listAddons(actor: BillingActor) {
  const current = await getCurrentSubscription(actor.db, actor.tenantId);
  if (!current) return [];
  return (await listActiveAddons(actor.db, { tenantId: actor.tenantId, subscriptionId: current.id })).map(view);
}

/**
 * Provider first, then the row: a provider failure leaves nothing half-bought here. Changes to a
 * tenant's add-ons run one at a time (the provider is told the type's new total, so two at once
 * would lose one), and an `idempotencyKey` makes a retried add buy once.
 */
export async function addAddon(actor: BillingActor & { once: Once }, input: { type: AddonType; quantity: number }) {
  const { type, quantity } = input;
  return actor.once((db) =>
    withTenantLock(db, addonsLock(actor), (tx) => buyAddon({ ...actor, db: tx }, { type, quantity })),
  );
}

/** Held while a tenant's add-ons change. */
const addonsLock = (actor: BillingActor) => ({ tenantId: actor.tenantId, name: "addons" });

async function buyAddon(actor: BillingActor, input: { type: AddonType; quantity: number }) {
  const current = await requireCurrent(actor);
  const priceId = actor.provider.addonPriceId(input.type);
  if (actor.provider.kind === "stripe" && !priceId) throw badRequest(`The ${input.type} add-on is not sold here`);
  assertProviderBills(actor, current, `The ${input.type} add-on`);
  const scope = { tenantId: actor.tenantId, subscriptionId: current.id, addonType: input.type };
  const total = (await sumAddonQuantity(actor.db, scope)) + input.quantity;
  await actor.provider.syncAddonQuantity({ externalId: current.stripeSubscriptionId, priceId, quantity: total });
  const row = await insertAddon(actor.db, {
    tenantId: actor.tenantId,
    subscriptionId: current.id,
    addonType: input.type,
    quantity: input.quantity,
    priceMonthly: centsToMoney(ADDON_CATALOG[input.type].unitCents * input.quantity),
    stripePriceId: priceId,
  });
  return view(row);
}

/** Refused (CONFLICT with blockers) while usage needs the units the add-on gives. */
export async function removeAddon(actor: BillingActor, input: { id: string }) {
  return withTenantLock(actor.db, addonsLock(actor), (tx) => dropAddon({ ...actor, db: tx }, input));
}

async function dropAddon(actor: BillingActor, input: { id: string }) {
  const addon = await getActiveAddon(actor.db, { tenantId: actor.tenantId, id: input.id });
  if (!addon) throw notFound("Add-on");
  const limit = addon.addonType in ADDON_CATALOG ? ADDON_CATALOG[addon.addonType as AddonType].limit : null;
  if (limit) {
    const [allowances, used] = await Promise.all([
      tenantAllowances(actor.db, actor.tenantId),
      usageCounts(actor.db, { tenantId: actor.tenantId, now: actor.now }),
    ]);
    const allowed = (allowances?.limits[limit] ?? 0) - addon.quantity;
    if (used[limit] > allowed) {
      throw conflict("Usage needs this add-on: reduce it before removing the add-on", {
        blockers: [`${limit}: ${used[limit]} in use, ${allowed} allowed without this add-on`],
      });
    }
  }
  const current = await getCurrentSubscription(actor.db, actor.tenantId);
  const scope = { tenantId: actor.tenantId, subscriptionId: addon.subscriptionId, addonType: addon.addonType };
  const total = (await sumAddonQuantity(actor.db, scope)) - addon.quantity;
  await actor.provider.syncAddonQuantity({
    externalId: current?.id === addon.subscriptionId ? current.stripeSubscriptionId : null,
    priceId: addon.stripePriceId,
    quantity: total,
  });
  const removed = await deactivateAddon(actor.db, { tenantId: actor.tenantId, id: input.id });
  if (!removed) throw notFound("Add-on");
  return view(removed);
}
