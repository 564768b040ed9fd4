import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PageButtons, useCursorPages } from "../components/cursor-pages.js";
import { ErrorBanner, Field, formString } from "../components/feedback.js";
import { QueryState } from "../components/query-state.js";
import { formatDate, newIdempotencyKey } from "../lib/format.js";
import type { RouterInputs } from "../lib/router-types.js";
import { useTRPC } from "../lib/trpc.js";

type Reason = NonNullable<RouterInputs["suppressions"]["add"]["reason"]>;
const REASONS = ["manual", "unsubscribed", "bounced", "complained"] as const satisfies readonly Reason[];

/** The do-not-contact list: addresses and whole `@domain`s the engine never sends to. */
export function SuppressionsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const pages = useCursorPages();
  const [search, setSearch] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.suppressions.pathKey() });
  const list = useQuery(
    trpc.suppressions.list.queryOptions({
      limit: 50,
      ...(search.trim() ? { search: search.trim() } : {}),
      ...(pages.cursor ? { cursor: pages.cursor } : {}),
    }),
  );
  const add = useMutation(trpc.suppressions.add.mutationOptions({ onSuccess: () => void refresh() }));
  const remove = useMutation(trpc.suppressions.remove.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <section>
      <h1>Suppressions</h1>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          add.mutate(
            {
              value: formString(f, "value"),
              reason: REASONS.find((r) => r === formString(f, "reason")) ?? "manual",
              idempotencyKey: newIdempotencyKey(),
            },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <h2>Suppress an address or domain</h2>
        <p className="muted small-text">
          Nothing is sent to a suppressed address, or to any address at a suppressed <code>@domain</code>. Adding one
          ends the active enrollments it matches.
        </p>
        <ErrorBanner error={add.error} placed={["value", "reason"]} />
        <div className="row">
          <Field label="Address or @domain" name="value" error={add.error}>
            <input name="value" placeholder="someone@example.com or @example.com" />
          </Field>
          <Field label="Reason" name="reason" error={add.error}>
            <select name="reason" defaultValue="manual">
              {REASONS.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </Field>
        </div>
        <button type="submit" disabled={add.isPending}>
          Suppress
        </button>
        {add.data && (
          <p className="notice" data-testid="suppression-result">
            {add.data.alreadySuppressed
              ? `${add.data.value} was already suppressed.`
              : `Suppressed ${add.data.value}; ${add.data.enrollmentsEnded} active enrollment${add.data.enrollmentsEnded === 1 ? "" : "s"} ended.`}
          </p>
        )}
      </form>
      <div className="card">
        <div className="toolbar">
          <input
            type="search"
            aria-label="Search suppressions"
            placeholder="Search addresses and domains"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              pages.reset();
            }}
          />
        </div>
        <ErrorBanner error={remove.error} />
        <QueryState query={list} empty={search.trim() ? "No suppression matches." : "Nothing is suppressed yet."}>
          {(page) => (
            <div className="table-wrap">
              <table data-testid="suppressions-table">
                <thead>
                  <tr>
                    <th>Address or domain</th>
                    <th>Reason</th>
                    <th>Since</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((s) => (
                    <tr key={s.id}>
                      <td className="mono">{s.value}</td>
                      <td>
                        <span className={`badge ${s.reason}`}>{s.reason}</span>
                      </td>
                      <td>{formatDate(s.created)}</td>
                      <td>
                        <button
                          type="button"
                          className="small danger"
                          aria-label={`Remove ${s.value}`}
                          disabled={remove.isPending}
                          onClick={() => remove.mutate({ id: s.id })}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
        <PageButtons pages={pages} nextCursor={list.data?.nextCursor} />
      </div>
    </section>
  );
}
