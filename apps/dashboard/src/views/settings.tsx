import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorBanner, Field, formString, Loading } from "../components/feedback.js";
import { useTRPC } from "../lib/trpc.js";

/** Tenant policies (sign-in rules) and the workspace name; admin and up. */
export function SettingsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const policies = useQuery(trpc.tenantPolicies.get.queryOptions());
  const tenant = useQuery(trpc.tenants.current.queryOptions());
  const savePolicies = useMutation(
    trpc.tenantPolicies.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.tenantPolicies.pathKey() }),
    }),
  );
  const rename = useMutation(
    trpc.tenants.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(),
    }),
  );
  return (
    <section>
      <h1>Settings</h1>
      {tenant.data && (
        <form
          className="card inline"
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate({ name: formString(new FormData(e.currentTarget), "name") });
          }}
        >
          <Field label="Workspace name" name="name" error={rename.error}>
            <input name="name" defaultValue={tenant.data.name} />
          </Field>
          <button type="submit">Rename</button>
          <ErrorBanner error={rename.error} placed={["name"]} />
        </form>
      )}
      {policies.isPending ? (
        <Loading />
      ) : policies.error ? (
        <ErrorBanner error={policies.error} />
      ) : (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            savePolicies.mutate({
              passwordMinLength: Number(formString(f, "passwordMinLength")),
              sessionTimeoutHours: Number(formString(f, "sessionTimeoutHours")),
              maxLoginAttempts: Number(formString(f, "maxLoginAttempts")),
              passwordRequireUppercase: f.has("passwordRequireUppercase"),
              passwordRequireNumbers: f.has("passwordRequireNumbers"),
              passwordRequireSymbols: f.has("passwordRequireSymbols"),
              twoFactorRequired: f.has("twoFactorRequired"),
            });
          }}
        >
          <h2>Sign-in policies</h2>
          <ErrorBanner
            error={savePolicies.error}
            placed={["passwordMinLength", "sessionTimeoutHours", "maxLoginAttempts"]}
          />
          <div className="row">
            <Field label="Minimum password length" name="passwordMinLength" error={savePolicies.error}>
              <input name="passwordMinLength" type="number" defaultValue={policies.data.passwordMinLength ?? 8} />
            </Field>
            <Field label="Session lifetime (hours)" name="sessionTimeoutHours" error={savePolicies.error}>
              <input name="sessionTimeoutHours" type="number" defaultValue={policies.data.sessionTimeoutHours ?? 24} />
            </Field>
            <Field label="Lock after failed sign-ins" name="maxLoginAttempts" error={savePolicies.error}>
              <input name="maxLoginAttempts" type="number" defaultValue={policies.data.maxLoginAttempts ?? 5} />
            </Field>
          </div>
          {(
            [
              ["passwordRequireUppercase", "Passwords need an upper-case letter"],
              ["passwordRequireNumbers", "Passwords need a number"],
              ["passwordRequireSymbols", "Passwords need a symbol"],
              ["twoFactorRequired", "Require two-factor sign-in"],
            ] as const
          ).map(([name, label]) => (
            <label key={name} className="check">
              <input type="checkbox" name={name} defaultChecked={Boolean(policies.data[name])} /> {label}
            </label>
          ))}
          <button type="submit">Save policies</button>
          {savePolicies.isSuccess && <p className="notice">Saved.</p>}
        </form>
      )}
    </section>
  );
}
