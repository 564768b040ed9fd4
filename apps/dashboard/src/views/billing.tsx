import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Empty, ErrorBanner, Field, formString, Loading } from "../components/feedback.js";
import { UsageBars } from "../components/usage-bars.js";
import { formatCents, formatDate, newIdempotencyKey } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";

const ADDON_TYPES = ["users", "domains", "email_accounts", "warmups", "contacts", "dedicated_ip"] as const;

export function BillingView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
  const subscription = useQuery(trpc.billing.subscription.queryOptions());
  const usage = useQuery(trpc.billing.usage.queryOptions());
  const plans = useQuery(trpc.billing.plans.queryOptions());
  const addons = useQuery(trpc.billing.addons.list.queryOptions());
  const payments = useQuery(trpc.billing.payments.list.queryOptions({ limit: 20 }));
  const [notice, setNotice] = useState<string | null>(null);
  const changePlan = useMutation(
    trpc.billing.changePlan.mutationOptions({
      onSuccess: (r) => {
        setNotice(
          r && "pendingPlanId" in r && r.pendingPlanId ? "Downgrade scheduled for the period end." : "Plan changed.",
        );
        void refresh();
      },
    }),
  );
  const subscribe = useMutation(trpc.billing.subscribe.mutationOptions({ onSuccess: () => void refresh() }));
  const cancel = useMutation(trpc.billing.cancel.mutationOptions({ onSuccess: () => void refresh() }));
  const resume = useMutation(trpc.billing.resume.mutationOptions({ onSuccess: () => void refresh() }));
  const addAddon = useMutation(trpc.billing.addons.add.mutationOptions({ onSuccess: () => void refresh() }));
  const removeAddon = useMutation(trpc.billing.addons.remove.mutationOptions({ onSuccess: () => void refresh() }));
  const sub = subscription.data;
  return (
    <section>
      <h1>Billing</h1>
      {subscription.isPending ? (
        <Loading />
      ) : subscription.error ? (
        <ErrorBanner error={subscription.error} />
      ) : (
        <div className="card">
          <h2>Subscription</h2>
          {sub ? (
            <p data-testid="current-plan">
              <strong>{sub.plan?.name}</strong> · {sub.status} · {sub.billingInterval}ly · renews{" "}
              {formatDate(sub.currentPeriodEnd)}
              {sub.pendingPlan && <> · moves to {sub.pendingPlan.name} at period end</>}
              {sub.cancelAtPeriodEnd && <> · cancels at period end</>}
            </p>
          ) : (
            <p className="muted">No subscription.</p>
          )}
          {sub &&
            (sub.cancelAtPeriodEnd ? (
              <button type="button" className="secondary" onClick={() => resume.mutate()}>
                Keep subscription
              </button>
            ) : (
              <button type="button" className="secondary" onClick={() => cancel.mutate()}>
                Cancel at period end
              </button>
            ))}
          <ErrorBanner error={cancel.error ?? resume.error} />
        </div>
      )}
      <div className="card">
        <h2>Usage</h2>
        {usage.isPending ? <Loading /> : usage.error ? <ErrorBanner error={usage.error} /> : null}
        {usage.data && (
          <>
            <UsageBars rows={usage.data.limits} />
            <table className="compact">
              <tbody>
                {usage.data.limits.map((l) => (
                  <tr key={l.limit}>
                    <td>{l.limit}</td>
                    <td>
                      {l.used} / {l.allowed}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
      <div className="card">
        <h2>Plans</h2>
        {notice && <p className="notice">{notice}</p>}
        <ErrorBanner error={changePlan.error ?? subscribe.error} />
        {plans.isPending ? <Loading /> : plans.error ? <ErrorBanner error={plans.error} /> : null}
        <div className="plans">
          {plans.data?.map((p) => (
            <div key={p.slug} className={sub?.plan?.slug === p.slug ? "plan current" : "plan"} data-plan={p.slug}>
              <h3>{p.name}</h3>
              <p>{formatCents(p.priceMonthly)} / month</p>
              <p className="muted small-text">
                {p.maxContacts} contacts · {p.maxEmailAccounts} mailboxes · {p.maxDomains} domains
              </p>
              {sub?.plan?.slug === p.slug ? (
                <span className="badge">current</span>
              ) : (
                <button
                  type="button"
                  onClick={() => {
                    setNotice(null);
                    if (sub) changePlan.mutate({ planSlug: p.slug });
                    else subscribe.mutate({ planSlug: p.slug, interval: "month", idempotencyKey: newIdempotencyKey() });
                  }}
                >
                  {sub ? `Switch to ${p.name}` : `Subscribe to ${p.name}`}
                </button>
              )}
            </div>
          ))}
        </div>
      </div>
      <div className="card">
        <h2>Add-ons</h2>
        <ErrorBanner error={addAddon.error ?? removeAddon.error} placed={["type", "quantity"]} />
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            addAddon.mutate({
              type: formString(f, "type") as (typeof ADDON_TYPES)[number],
              quantity: Number(formString(f, "quantity")),
              idempotencyKey: newIdempotencyKey(),
            });
          }}
        >
          <Field label="Type" name="type" error={addAddon.error}>
            <select name="type">
              {ADDON_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </Field>
          <Field label="Quantity" name="quantity" error={addAddon.error}>
            <input name="quantity" type="number" min={1} defaultValue={1} />
          </Field>
          <button type="submit">Add</button>
        </form>
        {addons.data?.length === 0 && <Empty>No add-ons.</Empty>}
        <ul className="plain">
          {addons.data?.map((a) => (
            <li key={a.id}>
              {a.addonType} × {a.quantity} · {formatCents(a.priceMonthlyCents)}/month{" "}
              <button type="button" className="small secondary" onClick={() => removeAddon.mutate({ id: a.id })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="card">
        <h2>Payments</h2>
        {payments.error && <ErrorBanner error={payments.error} />}
        {payments.data?.items.length === 0 && <Empty>No payments yet.</Empty>}
        {payments.data && payments.data.items.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Date</th>
                <th>Amount</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {payments.data.items.map((p) => (
                <tr key={p.id}>
                  <td>{formatDate(p.created)}</td>
                  <td>{formatCents(p.amountCents, p.currency)}</td>
                  <td>{p.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
