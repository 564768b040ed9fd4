import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Empty, ErrorBanner, Field, formString, Loading } from "../../components/feedback.js";
import { useStaffPermissions } from "../../components/shell.js";
import { useTRPC } from "../../lib/trpc.js";

/** Values are JSON; sensitive ones arrive redacted without config:secrets. */
export function SystemConfigView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useStaffPermissions().includes("config:write");
  const config = useQuery(trpc.admin.systemConfig.list.queryOptions({}));
  const set = useMutation(
    trpc.admin.systemConfig.set.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.systemConfig.pathKey() }),
    }),
  );
  let parseProblem: string | null = null;
  return (
    <section>
      <h1>System config</h1>
      {canWrite && (
        <form
          className="card inline"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const raw = formString(f, "value");
            let value: string | number | boolean | null = raw;
            try {
              value = JSON.parse(raw);
            } catch {
              parseProblem = "not JSON: saved as a string";
            }
            set.mutate({ key: formString(f, "key"), value });
          }}
        >
          <Field label="Key" name="key" error={set.error}>
            <input name="key" placeholder="dns.spf_include" />
          </Field>
          <Field label="Value (JSON)" name="value" error={set.error}>
            <input name="value" placeholder='"spf.outbound.email"' />
          </Field>
          <button type="submit">Set</button>
          {parseProblem && <small className="muted">{parseProblem}</small>}
          <ErrorBanner error={set.error} placed={["key", "value"]} />
        </form>
      )}
      <div className="card">
        {config.isPending ? (
          <Loading />
        ) : config.error ? (
          <ErrorBanner error={config.error} />
        ) : config.data.items.length === 0 ? (
          <Empty>No settings stored; defaults apply.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Key</th>
                <th>Value</th>
                <th>Category</th>
              </tr>
            </thead>
            <tbody>
              {config.data.items.map((row) => (
                <tr key={row.key}>
                  <td className="mono">{row.key}</td>
                  <td className="mono wrap">{row.redacted ? "•••• (redacted)" : JSON.stringify(row.value)}</td>
                  <td>{row.category}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
