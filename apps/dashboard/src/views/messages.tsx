import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { PageButtons, useCursorPages } from "../components/cursor-pages.js";
import { MessageDetail } from "../components/message-detail.js";
import { QueryState } from "../components/query-state.js";
import { formatDate } from "../lib/format.js";
import { MESSAGE_STATUSES, type MessageFilters } from "../lib/message-filters.js";
import { useTRPC } from "../lib/trpc.js";

/** Every email the engine tried to send, newest first, filtered by campaign, mailbox and status. */
export function MessagesView({
  filters,
  onFilters,
}: {
  filters: MessageFilters;
  onFilters: (next: MessageFilters) => void;
}) {
  const trpc = useTRPC();
  const pages = useCursorPages();
  const [selected, setSelected] = useState<string | null>(null);
  const campaigns = useQuery(trpc.campaigns.list.queryOptions({ limit: 200 }));
  const mailboxes = useQuery(trpc.emailAccounts.list.queryOptions({ limit: 200 }));
  const messages = useQuery(
    trpc.messages.list.queryOptions({
      limit: 50,
      ...(filters.campaignId ? { campaignId: filters.campaignId } : {}),
      ...(filters.emailAccountId ? { emailAccountId: filters.emailAccountId } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(pages.cursor ? { cursor: pages.cursor } : {}),
    }),
  );
  const campaignName = new Map(campaigns.data?.items.map((c) => [c.id, c.name]));
  const change = (patch: MessageFilters) => {
    pages.reset();
    setSelected(null);
    onFilters({ ...filters, ...patch });
  };
  return (
    <section>
      <h1>Messages</h1>
      <div className="card">
        <div className="toolbar">
          <select
            aria-label="Campaign"
            value={filters.campaignId ?? ""}
            onChange={(e) => change({ campaignId: e.target.value || undefined })}
          >
            <option value="">Any campaign</option>
            {campaigns.data?.items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <select
            aria-label="Mailbox"
            value={filters.emailAccountId ?? ""}
            onChange={(e) => change({ emailAccountId: e.target.value || undefined })}
          >
            <option value="">Any mailbox</option>
            {mailboxes.data?.items.map((m) => (
              <option key={m.id} value={m.id}>
                {m.email}
              </option>
            ))}
          </select>
          <select
            aria-label="Status"
            value={filters.status ?? ""}
            onChange={(e) => change({ status: MESSAGE_STATUSES.find((s) => s === e.target.value) })}
          >
            <option value="">Any status</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <QueryState query={messages} empty="No messages match. Messages appear here once a campaign sends.">
          {(page) => (
            <div className="table-wrap">
              <table data-testid="messages-table">
                <thead>
                  <tr>
                    <th>To</th>
                    <th>Subject</th>
                    <th className="hide-narrow">Campaign</th>
                    <th>Status</th>
                    <th className="hide-narrow">Sent</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((m) => (
                    <tr key={m.id} className={m.id === selected ? "selected" : undefined}>
                      <td>
                        <button type="button" className="link" onClick={() => setSelected(m.id)}>
                          {m.toEmail}
                        </button>
                        <div className="muted small-text">from {m.fromEmail}</div>
                      </td>
                      <td>{m.subject}</td>
                      <td className="hide-narrow">{campaignName.get(m.campaignId) ?? "—"}</td>
                      <td>
                        <span className={`badge ${m.status}`}>{m.status}</span>
                        {m.attempts > 1 && <div className="muted small-text">{m.attempts} attempts</div>}
                      </td>
                      <td className="hide-narrow">{formatDate(m.sentAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
        <PageButtons pages={pages} nextCursor={messages.data?.nextCursor} />
      </div>
      {selected && <MessageDetail id={selected} onClose={() => setSelected(null)} />}
    </section>
  );
}
