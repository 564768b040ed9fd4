import type { Database } from "@outbound/db";
import {
  findDueLocalSubscriptions,
  getPlanById,
  insertPayment,
  updateSubscription,
} from "@outbound/db/queries/billing";
import { centsToMoney } from "./money.js";
import { addPeriod, type BillingInterval } from "./provider.js";

/**
 * The local provider's clock: every subscription whose period ended by `now` either ends (when
 * canceled at period end) or starts its next period on the pending plan if any, recording that
 * period's payment. Stripe-backed subscriptions renew through webhooks instead. Safe to run from
 * several workers: each row moves only if nobody changed it since it was read.
 */
export async function renewDueLocalSubscriptions(
  db: Database,
  options: { now?: Date; tenantId?: string } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  let renewed = 0;
  for (const due of await findDueLocalSubscriptions(db, { now, tenantId: options.tenantId })) {
    const end = due.currentPeriodEnd ?? now;
    await db.transaction(async (tx) => {
      const key = { tenantId: due.tenantId, id: due.id, expectedUpdated: due.updated };
      if (due.cancelAtPeriodEnd) {
        const ended = await updateSubscription(tx, key, { status: "canceled" });
        if (ended) renewed += 1;
        return;
      }
      const planId = due.pendingPlanId ?? due.planId;
      const plan = await getPlanById(tx, planId);
      const interval = due.billingInterval as BillingInterval;
      const next = addPeriod(end, interval);
      const moved = await updateSubscription(tx, key, {
        planId,
        pendingPlanId: null,
        currentPeriodStart: end,
        currentPeriodEnd: next,
      });
      if (!moved) return;
      renewed += 1;
      const cents = plan ? (interval === "year" ? plan.priceYearly : plan.priceMonthly) : 0;
      if (cents > 0) {
        await insertPayment(tx, {
          tenantId: due.tenantId,
          subscriptionId: due.id,
          amount: centsToMoney(cents),
          currency: "usd",
          status: "succeeded",
          processed: now,
          description: `${plan?.name ?? "Plan"} (${interval}, renewal)`,
          billingPeriodStart: end,
          billingPeriodEnd: next,
        });
      }
    });
  }
  return renewed;
}
