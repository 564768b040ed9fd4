import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Empty, ErrorBanner, Field, formString, Loading, optional } from "../components/feedback.js";
import { newIdempotencyKey } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";

const ROLES = ["owner", "admin", "member", "billing"] as const;
type Role = (typeof ROLES)[number];

export function MembersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.pathKey() });
  const members = useQuery(trpc.members.list.queryOptions({ limit: 200 }));
  const add = useMutation(trpc.members.add.mutationOptions({ onSuccess: () => void refresh() }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <section>
      <h1>Members</h1>
      <form
        className="card inline"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          add.mutate({
            email: formString(f, "email"),
            name: optional(f, "name"),
            roles: [formString(f, "role") as Role],
            idempotencyKey: newIdempotencyKey(),
          });
        }}
      >
        <Field label="Email" name="email" error={add.error}>
          <input name="email" />
        </Field>
        <Field label="Name" name="name" error={add.error}>
          <input name="name" />
        </Field>
        <Field label="Role" name="roles" error={add.error}>
          <select name="role" defaultValue="member">
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </Field>
        <button type="submit">Add member</button>
        <ErrorBanner error={add.error} placed={["email", "name", "roles"]} />
      </form>
      {add.data?.inviteUrl && (
        <p className="notice">
          Invitation link (shown once{add.data.invitationEmailed ? ", also emailed" : ""}):{" "}
          <code>{add.data.inviteUrl}</code>
        </p>
      )}
      <div className="card">
        <ErrorBanner error={remove.error} />
        {members.isPending ? (
          <Loading />
        ) : members.error ? (
          <ErrorBanner error={members.error} />
        ) : members.data.items.length === 0 ? (
          <Empty>No members.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Email</th>
                <th>Roles</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((m) => (
                <tr key={m.userId}>
                  <td>{m.email}</td>
                  <td>{m.roles.join(", ")}</td>
                  <td>
                    <button type="button" className="small danger" onClick={() => remove.mutate({ userId: m.userId })}>
                      Remove
                    </button>
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
