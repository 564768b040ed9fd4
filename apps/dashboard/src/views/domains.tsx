import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, ErrorBanner, Field, formString, Loading } from "../components/feedback.js";
import { QueryState } from "../components/query-state.js";
import { formatDate, newIdempotencyKey } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";

export function DomainsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.domains.pathKey() });
  const domains = useQuery(trpc.domains.list.queryOptions({ limit: 100 }));
  const companies = useQuery(trpc.companies.list.queryOptions({ limit: 200 }));
  const create = useMutation(trpc.domains.create.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <section>
      <h1>Domains</h1>
      <form
        className="card inline"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          create.mutate({
            companyId: formString(f, "companyId"),
            domain: formString(f, "domain"),
            idempotencyKey: newIdempotencyKey(),
          });
        }}
      >
        <Field label="Sending domain" name="domain" error={create.error}>
          <input name="domain" placeholder="mail.example.com" />
        </Field>
        <Field label="Company" name="companyId" error={create.error}>
          <select name="companyId">
            {companies.data?.items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit">Add domain</button>
        <ErrorBanner error={create.error} placed={["domain", "companyId"]} />
      </form>
      <QueryState query={domains} empty="No domains yet.">
        {(page) => page.items.map((d) => <DomainCard key={d.id} id={d.id} />)}
      </QueryState>
    </section>
  );
}

function DomainCard({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const domain = useQuery(trpc.domains.get.queryOptions({ id }));
  const verify = useMutation(
    trpc.domains.verify.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.domains.pathKey() }),
    }),
  );
  if (domain.isPending) return <Loading />;
  if (domain.error) return <ErrorBanner error={domain.error} />;
  const d = domain.data;
  return (
    <div className="card">
      <div className="toolbar">
        <h2>{d.domain}</h2>
        <span className={`badge ${d.verificationStatus}`}>{d.verificationStatus}</span>
        <span className="spacer" />
        <button type="button" onClick={() => verify.mutate({ id })} disabled={verify.isPending}>
          {verify.isPending ? "Checking DNS…" : "Verify"}
        </button>
      </div>
      <p className="muted small-text">
        Last checked {formatDate(d.dnsLastVerifiedAt)}
        {d.dnsVerificationError && <> · {d.dnsVerificationError}</>}
      </p>
      <ErrorBanner error={verify.error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Type</th>
              <th>Name</th>
              <th>Value</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {(d.dnsRecords ?? []).map((r) => (
              <tr key={`${r.purpose}-${r.host}`}>
                <td>
                  {r.type} <span className="muted">{r.purpose}</span>
                </td>
                <td className="mono">
                  {r.host} <Copy value={r.host} />
                </td>
                <td className="mono wrap">
                  {r.value} <Copy value={r.value} />
                </td>
                <td>
                  <span className={`badge ${r.status ?? "unchecked"}`}>{r.status ?? "not checked"}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
