import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorBanner, Field, formString, optional } from "../components/feedback.js";
import { InboundStatus } from "../components/inbound-status.js";
import { QueryState } from "../components/query-state.js";
import { newIdempotencyKey } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";

type Security = "ssl" | "starttls" | "none";

export function MailboxesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.emailAccounts.pathKey() });
  const mailboxes = useQuery(trpc.emailAccounts.list.queryOptions({ limit: 200 }, { refetchInterval: 30_000 }));
  const domains = useQuery(trpc.domains.list.queryOptions({ limit: 100 }));
  const create = useMutation(trpc.emailAccounts.create.mutationOptions({ onSuccess: () => void refresh() }));
  const warmupOn = useMutation(trpc.emailAccounts.startWarmup.mutationOptions({ onSuccess: () => void refresh() }));
  const warmupOff = useMutation(trpc.emailAccounts.stopWarmup.mutationOptions({ onSuccess: () => void refresh() }));
  const test = useMutation(trpc.emailAccounts.testConnection.mutationOptions());
  const setStatus = useMutation(trpc.emailAccounts.setStatus.mutationOptions({ onSuccess: () => void refresh() }));
  const [tested, setTested] = useState<Record<string, string>>({});
  return (
    <section>
      <h1>Mailboxes</h1>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const cap = optional(f, "dailyCap");
          const imapHost = optional(f, "imapHost");
          create.mutate({
            domainId: formString(f, "domainId"),
            email: formString(f, "email"),
            provider: "smtp",
            smtp: {
              host: formString(f, "host"),
              port: Number(formString(f, "port")),
              security: formString(f, "security") as Security,
              username: formString(f, "username"),
              password: formString(f, "password"),
            },
            ...(imapHost
              ? {
                  imap: {
                    host: imapHost,
                    port: Number(formString(f, "imapPort")),
                    security: formString(f, "imapSecurity") as Security,
                    username: optional(f, "imapUsername") ?? formString(f, "username"),
                    password: optional(f, "imapPassword") ?? formString(f, "password"),
                  },
                }
              : {}),
            ...(cap ? { dailyCap: Number(cap) } : {}),
            idempotencyKey: newIdempotencyKey(),
          });
        }}
      >
        <h2>New mailbox</h2>
        <ErrorBanner
          error={create.error}
          placed={[
            "email",
            "domainId",
            "smtp.host",
            "smtp.port",
            "smtp.username",
            "smtp.password",
            "imap.host",
            "imap.port",
            "imap.username",
            "imap.password",
            "dailyCap",
          ]}
        />
        <div className="row">
          <Field label="Address" name="email" error={create.error}>
            <input name="email" placeholder="sam@mail.example.com" />
          </Field>
          <Field label="Domain" name="domainId" error={create.error}>
            <select name="domainId">
              {domains.data?.items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.domain}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Daily cap" name="dailyCap" error={create.error}>
            <input name="dailyCap" type="number" min={1} placeholder="50" />
          </Field>
        </div>
        <div className="row">
          <Field label="SMTP host" name="smtp.host" error={create.error}>
            <input name="host" />
          </Field>
          <Field label="Port" name="smtp.port" error={create.error}>
            <input name="port" type="number" defaultValue={587} />
          </Field>
          <Field label="Security" name="smtp.security" error={create.error}>
            <select name="security" defaultValue="starttls">
              <option>starttls</option>
              <option>ssl</option>
              <option>none</option>
            </select>
          </Field>
          <Field label="User name" name="smtp.username" error={create.error}>
            <input name="username" autoComplete="off" />
          </Field>
          <Field label="Password" name="smtp.password" error={create.error}>
            <input name="password" type="password" autoComplete="new-password" />
          </Field>
        </div>
        <details>
          <summary>Inbound (IMAP): to see replies and bounces</summary>
          <div className="row">
            <Field label="IMAP host" name="imap.host" error={create.error}>
              <input name="imapHost" />
            </Field>
            <Field label="IMAP port" name="imap.port" error={create.error}>
              <input name="imapPort" type="number" defaultValue={993} />
            </Field>
            <Field label="IMAP security" name="imap.security" error={create.error}>
              <select name="imapSecurity" defaultValue="ssl">
                <option>ssl</option>
                <option>starttls</option>
                <option>none</option>
              </select>
            </Field>
            <Field label="IMAP user name (if not the SMTP one)" name="imap.username" error={create.error}>
              <input name="imapUsername" autoComplete="off" />
            </Field>
            <Field label="IMAP password (if not the SMTP one)" name="imap.password" error={create.error}>
              <input name="imapPassword" type="password" autoComplete="new-password" />
            </Field>
          </div>
        </details>
        <button type="submit">Add mailbox</button>
      </form>
      <div className="card">
        <ErrorBanner error={warmupOn.error ?? warmupOff.error ?? test.error ?? setStatus.error} />
        <QueryState query={mailboxes} empty="No mailboxes yet.">
          {(page) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Address</th>
                    <th>Status</th>
                    <th>Sent today</th>
                    <th>Warmup</th>
                    <th>Inbound</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((m) => (
                    <tr key={m.id}>
                      <td>{m.email}</td>
                      <td>
                        <span className={`badge ${m.status}`}>{m.status}</span>{" "}
                        <button
                          type="button"
                          className="small secondary"
                          onClick={() =>
                            setStatus.mutate({ id: m.id, status: m.status === "active" ? "paused" : "active" })
                          }
                        >
                          {m.status === "active" ? "Pause" : "Activate"}
                        </button>
                      </td>
                      <td>
                        {m.dailyCount} / {m.dailyCap}
                      </td>
                      <td>
                        {m.warmupStarted ? (
                          <button
                            type="button"
                            className="small secondary"
                            onClick={() => warmupOff.mutate({ id: m.id })}
                          >
                            Stop warmup
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="small secondary"
                            onClick={() => warmupOn.mutate({ id: m.id })}
                          >
                            Start warmup
                          </button>
                        )}
                      </td>
                      <td>
                        {m.imapSettings ? (
                          <InboundStatus inbound={m.inbound} />
                        ) : (
                          <span className="muted">no IMAP</span>
                        )}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="small"
                          onClick={() =>
                            test.mutate(
                              { id: m.id },
                              {
                                onSuccess: (r) =>
                                  setTested({ ...tested, [m.id]: r.ok ? "connected" : (r.reason ?? "failed") }),
                              },
                            )
                          }
                        >
                          Test connection
                        </button>{" "}
                        {tested[m.id] && <span className="muted">{tested[m.id]}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
      </div>
    </section>
  );
}
