import type { AppRouter } from "@outbound/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { moveItem } from "../lib/sequence.js";
import { useTRPC } from "../lib/trpc.js";
import { Empty, ErrorBanner, Field, Loading, optional } from "./feedback.js";

type Step = inferRouterOutputs<AppRouter>["campaigns"]["steps"]["list"][number];
const STEP_TYPES = ["email", "wait", "condition"] as const;
const CONDITIONS = ["opened", "clicked", "replied", "not_opened", "not_clicked", "not_replied"] as const;

export function StepEditor({ campaignId, editable }: { campaignId: string; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const steps = useQuery(trpc.campaigns.steps.list.queryOptions({ campaignId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
  const add = useMutation(trpc.campaigns.steps.add.mutationOptions({ onSuccess: () => void refresh() }));
  const reorder = useMutation(trpc.campaigns.steps.reorder.mutationOptions({ onSettled: () => void refresh() }));
  if (steps.isPending) return <Loading />;
  if (steps.error) return <ErrorBanner error={steps.error} />;
  const ids = steps.data.map((s) => s.id);
  return (
    <div>
      <ErrorBanner error={add.error ?? reorder.error} />
      {steps.data.length === 0 && <Empty>No steps yet: add an email step first.</Empty>}
      <ol className="steps" data-testid="steps">
        {steps.data.map((step, index) => (
          <li key={step.id} className={`step ${step.stepType}`}>
            <div className="step-head">
              <strong>
                {step.stepOrder}. {step.stepType}
              </strong>
              {editable && (
                <span className="toolbar">
                  <button
                    type="button"
                    className="small secondary"
                    aria-label={`Move step ${step.stepOrder} up`}
                    disabled={index === 0}
                    onClick={() => reorder.mutate({ campaignId, stepIds: moveItem(ids, index, index - 1) })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="small secondary"
                    aria-label={`Move step ${step.stepOrder} down`}
                    disabled={index === ids.length - 1}
                    onClick={() => reorder.mutate({ campaignId, stepIds: moveItem(ids, index, index + 1) })}
                  >
                    ↓
                  </button>
                </span>
              )}
            </div>
            <StepForm campaignId={campaignId} step={step} editable={editable} />
          </li>
        ))}
      </ol>
      {editable && (
        <div className="toolbar">
          {STEP_TYPES.map((type) => (
            <button
              key={type}
              type="button"
              className="secondary"
              onClick={() =>
                add.mutate({ campaignId, stepType: type, ...(type === "wait" ? { waitDurationHours: 48 } : {}) })
              }
            >
              + {type} step
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function StepForm({ campaignId, step, editable }: { campaignId: string; step: Step; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
  const update = useMutation(trpc.campaigns.steps.update.mutationOptions({ onSuccess: () => void refresh() }));
  const remove = useMutation(trpc.campaigns.steps.remove.mutationOptions({ onSuccess: () => void refresh() }));
  const templates = useQuery({
    ...trpc.templates.list.queryOptions({ limit: 200 }),
    enabled: step.stepType === "email",
  });
  const mailboxes = useQuery({
    ...trpc.emailAccounts.list.queryOptions({ limit: 200 }),
    enabled: step.stepType === "email",
  });
  const error = update.error ?? remove.error;
  return (
    <form
      className="step-form"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        if (step.stepType === "email") {
          update.mutate({
            campaignId,
            id: step.id,
            templateId: optional(f, "templateId") ?? null,
            emailAccountId: optional(f, "emailAccountId") ?? null,
            subjectOverride: optional(f, "subjectOverride") ?? null,
          });
        } else if (step.stepType === "wait") {
          const hours = optional(f, "waitDurationHours");
          update.mutate({ campaignId, id: step.id, waitDurationHours: hours ? Number(hours) : null });
        } else {
          update.mutate({
            campaignId,
            id: step.id,
            conditionType: optional(f, "conditionType") ?? null,
            conditionValue: optional(f, "conditionValue") ?? null,
          });
        }
      }}
    >
      <fieldset disabled={!editable} className="row">
        {step.stepType === "email" && (
          <>
            <Field label="Template" name="templateId" error={error}>
              <select name="templateId" defaultValue={step.templateId ?? ""}>
                <option value="">— none —</option>
                {templates.data?.items.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Mailbox" name="emailAccountId" error={error}>
              <select name="emailAccountId" defaultValue={step.emailAccountId ?? ""}>
                <option value="">— none —</option>
                {mailboxes.data?.items.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.email}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Subject override" name="subjectOverride" error={error}>
              <input name="subjectOverride" defaultValue={step.subjectOverride ?? ""} />
            </Field>
          </>
        )}
        {step.stepType === "wait" && (
          <Field label="Wait (hours)" name="waitDurationHours" error={error}>
            <input name="waitDurationHours" type="number" min={1} defaultValue={step.waitDurationHours ?? ""} />
          </Field>
        )}
        {step.stepType === "condition" && (
          <>
            <Field label="Continue only if the lead" name="conditionType" error={error}>
              <select name="conditionType" defaultValue={step.conditionType ?? ""}>
                <option value="">— choose —</option>
                {CONDITIONS.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </Field>
            <Field label="Within (hours)" name="conditionValue" error={error}>
              <input name="conditionValue" inputMode="numeric" defaultValue={step.conditionValue ?? ""} />
            </Field>
          </>
        )}
        {editable && (
          <span className="toolbar">
            <button type="submit" className="small">
              Save
            </button>
            <button type="button" className="small danger" onClick={() => remove.mutate({ campaignId, id: step.id })}>
              Remove
            </button>
          </span>
        )}
      </fieldset>
      <ErrorBanner
        error={error}
        placed={[
          "templateId",
          "emailAccountId",
          "subjectOverride",
          "waitDurationHours",
          "conditionType",
          "conditionValue",
        ]}
      />
      {update.isSuccess && <small className="notice">Saved</small>}
    </form>
  );
}
