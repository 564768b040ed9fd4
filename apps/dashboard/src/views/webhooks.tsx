import type { AppRouter } from "@outbound/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterInputs } from "@trpc/server";
import { useState } from "react";
import {
  Copy,
  Empty,
  ErrorBanner,
  Field,
  fieldError,
  formString,
  Loading,
  optional,
  Pager,
} from "../components/feedback.js";
import { formatDate, newIdempotencyKey } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";

type WebhookEvent = inferRouterInputs<AppRouter>["webhooks"]["create"]["events"][number];

/** Every event an endpoint can subscribe to, with what it reports; the type makes the list complete. */
const EVENTS: Record<WebhookEvent, string> = {
  "message.sent": "a message was accepted by the recipient's server",
  "message.bounced": "a message bounced (SMTP 5xx or a bounce report)",
  "lead.replied": "a lead replied",
  "lead.unsubscribed": "a lead unsubscribed",
  "lead.opened": "a lead opened a message (tracked campaigns)",
  "lead.clicked": "a lead clicked a link (tracked campaigns)",
  "campaign.completed": "every enrollment of a campaign ended",
};
const EVENT_TYPES = Object.keys(EVENTS) as WebhookEvent[];

/** A signing secret shown once: after a create or a rotation. */
function OnceSecret({ secret, note }: { secret: string; note: string }) {
  return (
    <div className="notice" data-testid="webhook-secret">
      <p>{note}</p>
      <code className="mono">{secret}</code> <Copy value={secret} />
    </div>
  );
}

export function WebhooksView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const endpoints = useQuery(trpc.webhooks.list.queryOptions());
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSuccess: () => void refresh() }));
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: () => void refresh() }));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSuccess: () => void refresh() }));
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions());
  const test = useMutation(trpc.webhooks.test.mutationOptions({ onSuccess: () => void refresh() }));
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section>
      <h1>Webhooks</h1>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const description = optional(f, "description");
          create.mutate({
            url: formString(f, "url"),
            events: EVENT_TYPES.filter((type) => f.get(`event:${type}`) === "on"),
            ...(description ? { description } : {}),
            idempotencyKey: newIdempotencyKey(),
          });
        }}
      >
        <h2>New endpoint</h2>
        <ErrorBanner error={create.error} placed={["url", "events", "description"]} />
        <div className="row">
          <Field label="URL" name="url" error={create.error}>
            <input name="url" placeholder="https://example.com/hooks/outbound" />
          </Field>
          <Field label="Description" name="description" error={create.error}>
            <input name="description" />
          </Field>
        </div>
        <fieldset className="field checks">
          <legend>Events</legend>
          {EVENT_TYPES.map((type) => (
            <label key={type} title={EVENTS[type]}>
              <input type="checkbox" name={`event:${type}`} defaultChecked={type === "lead.replied"} /> {type}
            </label>
          ))}
          {fieldError(create.error, "events") && (
            <small className="field-error">{fieldError(create.error, "events")}</small>
          )}
        </fieldset>
        <button type="submit">Add endpoint</button>
      </form>
      {create.data?.secret && (
        <OnceSecret
          secret={create.data.secret}
          note="The signing secret, shown only once: verify each request's Outbound-Signature with it (the SDK's verifyWebhook)."
        />
      )}
      {rotate.data?.secret && (
        <OnceSecret
          secret={rotate.data.secret}
          note="The new secret, shown only once. The previous one keeps signing beside it for 24 hours."
        />
      )}
      {test.data && (
        <p className={test.data.status === "delivered" ? "notice" : "error"} data-testid="webhook-test-result">
          Test event {test.data.status}
          {test.data.statusCode !== null ? ` (HTTP ${test.data.statusCode})` : ""}
          {test.data.error ? `: ${test.data.error}` : ""}
        </p>
      )}
      <div className="card">
        <ErrorBanner error={update.error ?? remove.error ?? rotate.error ?? test.error} />
        {endpoints.isPending ? (
          <Loading />
        ) : endpoints.error ? (
          <ErrorBanner error={endpoints.error} />
        ) : endpoints.data.items.length === 0 ? (
          <Empty>No endpoints yet: add one to hear about replies, bounces and unsubscribes as they happen.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>URL</th>
                <th>Events</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {endpoints.data.items.map((w) => (
                <tr key={w.id}>
                  <td className="mono">
                    {w.url}
                    {w.description && <div className="muted">{w.description}</div>}
                  </td>
                  <td>{w.events.join(", ")}</td>
                  <td>
                    <span className="badge">{w.status}</span>
                    {w.disabledReason && <div className="muted">{w.disabledReason}</div>}
                    {w.failingSince && <div className="muted">failing since {formatDate(w.failingSince)}</div>}
                  </td>
                  <td>
                    <div className="actions">
                      <button type="button" className="small" onClick={() => setOpen(open === w.id ? null : w.id)}>
                        {open === w.id ? "Hide deliveries" : "Deliveries"}
                      </button>
                      <button type="button" className="small" onClick={() => test.mutate({ id: w.id })}>
                        Send test
                      </button>
                      <button type="button" className="small" onClick={() => rotate.mutate({ id: w.id })}>
                        Rotate secret
                      </button>
                      <button
                        type="button"
                        className="small"
                        onClick={() =>
                          update.mutate({ id: w.id, status: w.status === "active" ? "disabled" : "active" })
                        }
                      >
                        {w.status === "active" ? "Disable" : "Enable"}
                      </button>
                      <button type="button" className="small danger" onClick={() => remove.mutate({ id: w.id })}>
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {open && <Deliveries endpointId={open} />}
    </section>
  );
}

/** One endpoint's deliveries, newest first, each with its attempts; any can be sent again. */
function Deliveries({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const deliveries = useQuery(trpc.webhooks.deliveries.queryOptions({ endpointId, limit: 25, cursor }));
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() }),
    }),
  );
  return (
    <div className="card" data-testid="webhook-deliveries">
      <h2>Deliveries</h2>
      <ErrorBanner error={redeliver.error} />
      {deliveries.isPending ? (
        <Loading />
      ) : deliveries.error ? (
        <ErrorBanner error={deliveries.error} />
      ) : deliveries.data.items.length === 0 ? (
        <Empty>Nothing sent to this endpoint yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Event</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last answer</th>
              <th>Next attempt</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deliveries.data.items.map((d) => {
              const last = d.attemptLog.at(-1);
              return (
                <tr key={d.id}>
                  <td>
                    {d.eventType}
                    <div className="muted mono">{d.eventId}</div>
                  </td>
                  <td>
                    <span className="badge">{d.status}</span>
                  </td>
                  <td>{d.attempts}</td>
                  <td>
                    {last
                      ? `${last.statusCode ?? "no answer"}${last.error ? ` · ${last.error}` : ""} · ${last.latencyMs} ms`
                      : "—"}
                  </td>
                  <td>{d.status === "pending" ? formatDate(d.nextAttemptAt) : "—"}</td>
                  <td>
                    <button type="button" className="small" onClick={() => redeliver.mutate({ deliveryId: d.id })}>
                      Redeliver
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pager next={deliveries.data?.nextCursor} onNext={setCursor} />
    </div>
  );
}
