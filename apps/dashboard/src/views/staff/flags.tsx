import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Empty, ErrorBanner, Field, formString, Loading } from "../../components/feedback.js";
import { useStaffPermissions } from "../../components/shell.js";
import { useTRPC } from "../../lib/trpc.js";

export function FlagsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useStaffPermissions().includes("flags:write");
  const flags = useQuery(trpc.admin.featureFlags.list.queryOptions({ limit: 200 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.featureFlags.pathKey() });
  const create = useMutation(trpc.admin.featureFlags.create.mutationOptions({ onSuccess: () => void refresh() }));
  const update = useMutation(trpc.admin.featureFlags.update.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <section>
      <h1>Feature flags</h1>
      {canWrite && (
        <form
          className="card inline"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            create.mutate({
              key: formString(f, "key"),
              isEnabled: false,
              rolloutPercentage: Number(formString(f, "rolloutPercentage")),
            });
          }}
        >
          <Field label="Key" name="key" error={create.error}>
            <input name="key" placeholder="new_editor" />
          </Field>
          <Field label="Rollout %" name="rolloutPercentage" error={create.error}>
            <input name="rolloutPercentage" type="number" min={0} max={100} defaultValue={0} />
          </Field>
          <button type="submit">Create flag</button>
          <ErrorBanner error={create.error} placed={["key", "rolloutPercentage"]} />
        </form>
      )}
      <div className="card">
        <ErrorBanner error={update.error} />
        {flags.isPending ? (
          <Loading />
        ) : flags.error ? (
          <ErrorBanner error={flags.error} />
        ) : flags.data.items.length === 0 ? (
          <Empty>No flags.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Key</th>
                <th>Enabled</th>
                <th>Rollout</th>
              </tr>
            </thead>
            <tbody>
              {flags.data.items.map((flag) => (
                <tr key={flag.id}>
                  <td className="mono">{flag.key}</td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Enable ${flag.key}`}
                      checked={flag.isEnabled}
                      disabled={!canWrite}
                      onChange={(e) => update.mutate({ id: flag.id, isEnabled: e.target.checked })}
                    />
                  </td>
                  <td>{flag.rolloutPercentage}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
