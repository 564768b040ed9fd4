import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PageButtons, useCursorPages } from "../components/cursor-pages.js";
import { EnrollSelected } from "../components/enroll-selected.js";
import { ErrorBanner, Field, formString, optional } from "../components/feedback.js";
import { QueryState } from "../components/query-state.js";
import { ProgressBar } from "../components/usage-bars.js";
import { type ImportTotals, importInChunks, leadsFromCsv } from "../lib/csv.js";
import { newIdempotencyKey } from "../lib/format.js";
import { pageSelection, toggleOne, togglePage } from "../lib/selection.js";
import { useTRPC, useTRPCClient } from "../lib/trpc.js";

export const LEAD_STATUSES = [
  "new",
  "contacted",
  "replied",
  "interested",
  "not_interested",
  "bounced",
  "unsubscribed",
] as const;
type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Rows per leads.import call: small enough to show progress on a few thousand rows. */
const IMPORT_CHUNK = 500;

export function LeadsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<LeadStatus | "">("");
  const pages = useCursorPages();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const input = {
    limit: 50,
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(status ? { status } : {}),
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  };
  const leads = useQuery(trpc.leads.list.queryOptions(input));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.leads.pathKey() });
  const setLeadStatus = useMutation(trpc.leads.setStatus.mutationOptions({ onSuccess: () => void refresh() }));
  const remove = useMutation(trpc.leads.delete.mutationOptions({ onSuccess: () => void refresh() }));
  const pageIds = leads.data?.items.map((l) => l.id) ?? [];
  const onPage = pageSelection(selected, pageIds);
  return (
    <section>
      <h1>Leads</h1>
      <div className="grid">
        <CreateLead onCreated={refresh} />
        <ImportLeads onDone={refresh} />
      </div>
      <div className="card">
        <div className="toolbar">
          <input
            type="search"
            placeholder="Search email, name or company"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              pages.reset();
            }}
          />
          <select
            aria-label="Lead status"
            value={status}
            onChange={(e) => {
              setStatus(LEAD_STATUSES.find((s) => s === e.target.value) ?? "");
              pages.reset();
            }}
          >
            <option value="">Any status</option>
            {LEAD_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <EnrollSelected leadIds={[...selected]} onClear={() => setSelected(new Set())} />
        <ErrorBanner error={setLeadStatus.error ?? remove.error} />
        <QueryState query={leads} empty="No leads match.">
          {(page) => (
            <div className="table-wrap">
              <table data-testid="leads-table">
                <thead>
                  <tr>
                    <th className="check-cell">
                      <input
                        type="checkbox"
                        aria-label="Select every lead on this page"
                        checked={onPage === "all"}
                        ref={(box) => {
                          if (box) box.indeterminate = onPage === "some";
                        }}
                        onChange={() => setSelected(togglePage(selected, pageIds))}
                      />
                    </th>
                    <th>Email</th>
                    <th>Name</th>
                    <th>Company</th>
                    <th>Status</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((lead) => (
                    <tr key={lead.id}>
                      <td className="check-cell">
                        <input
                          type="checkbox"
                          aria-label={`Select ${lead.email}`}
                          checked={selected.has(lead.id)}
                          onChange={() => setSelected(toggleOne(selected, lead.id))}
                        />
                      </td>
                      <td>{lead.email}</td>
                      <td>{lead.name}</td>
                      <td>{lead.company}</td>
                      <td>
                        <select
                          aria-label={`Status of ${lead.email}`}
                          value={lead.status}
                          onChange={(e) => setLeadStatus.mutate({ id: lead.id, status: e.target.value as LeadStatus })}
                        >
                          {LEAD_STATUSES.map((s) => (
                            <option key={s}>{s}</option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <button
                          type="button"
                          className="small danger"
                          aria-label={`Delete ${lead.email}`}
                          onClick={() => window.confirm(`Delete ${lead.email}?`) && remove.mutate({ id: lead.id })}
                        >
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </QueryState>
        <PageButtons pages={pages} nextCursor={leads.data?.nextCursor} />
      </div>
    </section>
  );
}

function CreateLead({ onCreated }: { onCreated: () => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.leads.create.mutationOptions({ onSuccess: onCreated }));
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const f = new FormData(form);
        create.mutate(
          {
            email: formString(f, "email"),
            name: optional(f, "name"),
            company: optional(f, "company"),
            status: formString(f, "status") as LeadStatus,
            idempotencyKey: newIdempotencyKey(),
          },
          { onSuccess: () => form.reset() },
        );
      }}
    >
      <h2>New lead</h2>
      <ErrorBanner error={create.error} placed={["email", "name", "company", "status"]} />
      <Field label="Email" name="email" error={create.error}>
        <input name="email" />
      </Field>
      <Field label="Name" name="name" error={create.error}>
        <input name="name" />
      </Field>
      <Field label="Company" name="company" error={create.error}>
        <input name="company" />
      </Field>
      <Field label="Status" name="status" error={create.error}>
        <select name="status" defaultValue="new">
          {LEAD_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={create.isPending}>
        Add lead
      </button>
      {create.isSuccess && <p className="notice">Added {create.data.email}.</p>}
    </form>
  );
}

function ImportLeads({ onDone }: { onDone: () => void }) {
  const client = useTRPCClient();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<ImportTotals | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [onDuplicate, setOnDuplicate] = useState<"skip" | "update">("skip");
  async function run(file: File) {
    setResult(null);
    setError(null);
    const parsed = leadsFromCsv(await file.text());
    setProblem(parsed.problem);
    if (parsed.problem) return;
    try {
      const totals = await importInChunks(
        parsed.rows,
        IMPORT_CHUNK,
        (rows) => client.leads.import.mutate({ rows, onDuplicate, idempotencyKey: newIdempotencyKey() }),
        (done, total) => setProgress({ done, total }),
      );
      setResult(totals);
    } catch (caught) {
      setError(caught);
    } finally {
      onDone();
    }
  }
  return (
    <div className="card">
      <h2>Import CSV</h2>
      <p className="muted small-text">
        Columns: email (required), name, company, status. Sent {IMPORT_CHUNK} rows at a time.
      </p>
      <label className="field">
        <span>When the email is already a lead</span>
        <select value={onDuplicate} onChange={(e) => setOnDuplicate(e.target.value as "skip" | "update")}>
          <option value="skip">skip it</option>
          <option value="update">update it</option>
        </select>
      </label>
      <input
        type="file"
        accept=".csv,text/csv"
        aria-label="CSV file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void run(file);
          e.target.value = "";
        }}
      />
      {progress && <ProgressBar done={progress.done} total={progress.total} />}
      {problem && <p className="error">{problem}</p>}
      <ErrorBanner error={error} />
      {result && (
        <div className="notice" data-testid="import-result">
          {result.inserted} added · {result.updated} updated · {result.skipped} skipped · {result.errors.length} invalid
          {result.errors.length > 0 && (
            <ul>
              {result.errors.slice(0, 20).map((e) => (
                <li key={e.row}>
                  row {e.row}: {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
