import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, Empty, ErrorBanner, Field, formString, Loading } from "../components/feedback.js";
import { formatDate, newIdempotencyKey } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";

export function ApiKeysView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ limit: 100 }));
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: () => void refresh() }));
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <section>
      <h1>API keys</h1>
      <form
        className="card inline"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          create.mutate({
            name: formString(f, "name"),
            scope: formString(f, "scope") === "read" ? "read" : "write",
            idempotencyKey: newIdempotencyKey(),
          });
        }}
      >
        <Field label="Name" name="name" error={create.error}>
          <input name="name" />
        </Field>
        <Field label="Scope" name="scope" error={create.error}>
          <select name="scope" defaultValue="write">
            <option>write</option>
            <option>read</option>
          </select>
        </Field>
        <button type="submit">Create key</button>
        <ErrorBanner error={create.error} placed={["name", "scope"]} />
      </form>
      {create.data?.key && (
        <div className="notice" data-testid="new-key">
          <p>Copy this key now: it is shown only once.</p>
          <code className="mono">{create.data.key}</code> <Copy value={create.data.key} />
        </div>
      )}
      <div className="card">
        <ErrorBanner error={revoke.error} />
        {keys.isPending ? (
          <Loading />
        ) : keys.error ? (
          <ErrorBanner error={keys.error} />
        ) : keys.data.items.length === 0 ? (
          <Empty>No API keys.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Scope</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td className="mono">{k.prefix}…</td>
                  <td>{k.scope}</td>
                  <td>{formatDate(k.lastUsed)}</td>
                  <td>
                    {k.revoked ? (
                      <span className="badge">revoked</span>
                    ) : (
                      <button type="button" className="small danger" onClick={() => revoke.mutate({ id: k.id })}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
