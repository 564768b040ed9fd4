import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Empty, ErrorBanner, Loading } from "../../components/feedback.js";
import { useStaffPermissions } from "../../components/shell.js";
import { formatDate } from "../../lib/format.js";
import { useTRPC } from "../../lib/trpc.js";

export function TenantsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useStaffPermissions().includes("tenants:write");
  const [search, setSearch] = useState("");
  const tenants = useQuery(
    trpc.admin.tenants.list.queryOptions({ limit: 100, ...(search.trim() ? { search: search.trim() } : {}) }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.tenants.pathKey() });
  const suspend = useMutation(trpc.admin.tenants.suspend.mutationOptions({ onSuccess: () => void refresh() }));
  const restore = useMutation(trpc.admin.tenants.restore.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <section>
      <h1>Tenants</h1>
      <div className="card">
        <div className="toolbar">
          <input
            type="search"
            placeholder="Search tenants"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <ErrorBanner error={suspend.error ?? restore.error} />
        {tenants.isPending ? (
          <Loading />
        ) : tenants.error ? (
          <ErrorBanner error={tenants.error} />
        ) : tenants.data.items.length === 0 ? (
          <Empty>No tenants match.</Empty>
        ) : (
          <div className="table-wrap">
            <table data-testid="tenants-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Plan</th>
                  <th>Status</th>
                  <th>Created</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tenants.data.items.map((t) => {
                  const status = t.deleted ? "deleted" : t.suspended ? "suspended" : "active";
                  return (
                    <tr key={t.id} data-tenant={t.name}>
                      <td>{t.name}</td>
                      <td>{t.planSlug ?? "—"}</td>
                      <td>
                        <span className={`badge ${status}`}>{status}</span>
                      </td>
                      <td>{formatDate(t.created)}</td>
                      <td>
                        {canWrite && status === "active" && (
                          <button
                            type="button"
                            className="small danger"
                            onClick={() => {
                              const reason = window.prompt(`Why suspend ${t.name}?`, "Abuse report");
                              if (reason) suspend.mutate({ tenantId: t.id, reason });
                            }}
                          >
                            Suspend
                          </button>
                        )}
                        {canWrite && status === "suspended" && (
                          <button type="button" className="small" onClick={() => restore.mutate({ tenantId: t.id })}>
                            Restore
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
