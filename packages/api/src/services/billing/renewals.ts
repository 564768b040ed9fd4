import type { Database } from "@outbound/db";
import { insertPayment } from "@outbound/db/queries/payments";
import { getPlanById } from "@outbound/db/queries/plans";
import { findDueLocalSubscriptions, updateSubscription } from "@outbound/db/queries/subscriptions";
import { centsToMoney } from "./money.js";
import { addPeriod, type BillingInterval } from "./provider.js";
import { downgradeBlockers } from "./subscriptions.js";

/**
 * The local provider's clock: every subscription whose period ended by `now` either ends (when
 * canceled at period end) or starts its next period on the pending plan if any, recording that
 * period's payment (a pending downgrade the tenant's usage no longer fits waits). Stripe-backed subscriptions renew through webhooks instead. Safe to run from
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
      // A downgrade applies only if usage still fits it, as when it was asked for; otherwise the
      // subscription renews on its current plan and the downgrade waits for the next period end.
      const pending = due.pendingPlanId ? await getPlanById(tx, due.pendingPlanId) : null;
      const fits =
        pending &&
        (await downgradeBlockers(tx, { tenantId: due.tenantId, subscriptionId: due.id, plan: pending, now })).length ===
          0;
      const planId = pending && fits ? pending.id : due.planId;
      const plan = pending && fits ? pending : await getPlanById(tx, planId);
      const interval = due.billingInterval as BillingInterval;
      const next = addPeriod(end, interval);
      const moved = await updateSubscription(tx, key, {
        planId,
        pendingPlanId: fits ? null : due.pendingPlanId,
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
