import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorBanner, Field, formString, Loading } from "../../components/feedback.js";
import { formatCents } from "../../lib/format.js";
import { useTRPC } from "../../lib/trpc.js";

/** The active catalogue (billing.plans) with staff edits: price and contact quota, deactivate. */
export function PlansView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const plans = useQuery(trpc.billing.plans.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.billing.plans.queryKey() });
  const update = useMutation(trpc.admin.plans.update.mutationOptions({ onSuccess: () => void refresh() }));
  const deactivate = useMutation(trpc.admin.plans.deactivate.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <section>
      <h1>Plans</h1>
      <ErrorBanner error={update.error ?? deactivate.error} placed={["priceMonthly", "maxContacts"]} />
      {plans.isPending ? (
        <Loading />
      ) : plans.error ? (
        <ErrorBanner error={plans.error} />
      ) : (
        <div className="plans">
          {plans.data.map((p) => (
            <form
              key={p.id}
              className="plan"
              onSubmit={(e) => {
                e.preventDefault();
                const f = new FormData(e.currentTarget);
                update.mutate({
                  id: p.id,
                  priceMonthly: Math.round(Number(formString(f, "price")) * 100),
                  maxContacts: Number(formString(f, "maxContacts")),
                });
              }}
            >
              <h3>
                {p.name} <span className="muted">{p.slug}</span>
              </h3>
              <p>{formatCents(p.priceMonthly)} / month</p>
              <Field label="Monthly price" name="priceMonthly" error={update.error}>
                <input name="price" type="number" step="0.01" defaultValue={p.priceMonthly / 100} />
              </Field>
              <Field label="Contacts" name="maxContacts" error={update.error}>
                <input name="maxContacts" type="number" defaultValue={p.maxContacts} />
              </Field>
              <div className="toolbar">
                <button type="submit" className="small">
                  Save
                </button>
                <button type="button" className="small danger" onClick={() => deactivate.mutate({ id: p.id })}>
                  Deactivate
                </button>
              </div>
            </form>
          ))}
        </div>
      )}
    </section>
  );
}
