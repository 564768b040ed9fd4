import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { ErrorBanner, Field, formString, Loading, optional } from "../components/feedback.js";
import { QueryState } from "../components/query-state.js";
import { formatDate, newIdempotencyKey } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";

export function CampaignsView() {
  const trpc = useTRPC();
  const campaigns = useQuery(trpc.campaigns.list.queryOptions({ limit: 100 }));
  return (
    <section>
      <h1>Campaigns</h1>
      <CreateCampaign />
      <div className="card">
        <QueryState query={campaigns} empty="No campaigns yet.">
          {(page) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Status</th>
                    <th>Created</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link to="/campaigns/$campaignId" params={{ campaignId: c.id }}>
                          {c.name}
                        </Link>
                      </td>
                      <td>
                        <span className={`badge ${c.status}`}>{c.status}</span>
                      </td>
                      <td>{formatDate(c.created)}</td>
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

/** A campaign belongs to a company (workspace); a new tenant makes its first one here. */
function CreateCampaign() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const companies = useQuery(trpc.companies.list.queryOptions({ limit: 200 }));
  const createCompany = useMutation(
    trpc.companies.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.companies.pathKey() }),
    }),
  );
  const create = useMutation(
    trpc.campaigns.create.mutationOptions({
      onSuccess: (c) => {
        void queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() });
        void navigate({ to: "/campaigns/$campaignId", params: { campaignId: c.id } });
      },
    }),
  );
  if (companies.isPending) return <Loading />;
  if (companies.error) return <ErrorBanner error={companies.error} />;
  if (companies.data.items.length === 0) {
    return (
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          createCompany.mutate({ name: formString(f, "name"), workspaceName: formString(f, "workspaceName") });
        }}
      >
        <h2>First, a company</h2>
        <p className="muted">Campaigns, domains and mailboxes belong to a company (a sending workspace).</p>
        <ErrorBanner error={createCompany.error} placed={["name", "workspaceName"]} />
        <Field label="Company name" name="name" error={createCompany.error}>
          <input name="name" />
        </Field>
        <Field label="Workspace name (unique, e.g. acme-sales)" name="workspaceName" error={createCompany.error}>
          <input name="workspaceName" />
        </Field>
        <button type="submit">Create company</button>
      </form>
    );
  }
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        create.mutate({
          companyId: formString(f, "companyId"),
          name: formString(f, "name"),
          description: optional(f, "description"),
          idempotencyKey: newIdempotencyKey(),
        });
      }}
    >
      <h2>New campaign</h2>
      <ErrorBanner error={create.error} placed={["companyId", "name", "description"]} />
      <div className="row">
        <Field label="Name" name="name" error={create.error}>
          <input name="name" />
        </Field>
        <Field label="Company" name="companyId" error={create.error}>
          <select name="companyId">
            {companies.data.items.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Description" name="description" error={create.error}>
        <textarea name="description" rows={2} />
      </Field>
      <button type="submit" disabled={create.isPending}>
        Create campaign
      </button>
    </form>
  );
}
