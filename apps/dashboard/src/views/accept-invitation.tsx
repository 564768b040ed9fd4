import { useMutation } from "@tanstack/react-query";
import { ErrorBanner, Field, formString, optional } from "../components/feedback.js";
import { setToken } from "../lib/session.js";
import { useTRPC } from "../lib/trpc.js";

/** The token of an invitation link (`/app/invitation#token=…`); it rides in the fragment, never sent to a server. */
export function invitationToken(): string | null {
  if (typeof window === "undefined" || !window.location.pathname.endsWith("/invitation")) return null;
  return new URLSearchParams(window.location.hash.slice(1)).get("token");
}

/** An invited person chooses a password and lands signed in; the link works once. */
export function AcceptInvitation({ token }: { token: string }) {
  const trpc = useTRPC();
  const accept = useMutation(
    trpc.auth.acceptInvitation.mutationOptions({
      onSuccess: (r) => {
        window.history.replaceState(null, "", "/app/");
        setToken(r.token, false);
      },
    }),
  );
  return (
    <div className="auth-page">
      <form
        className="card auth-card"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          accept.mutate({ token, password: formString(f, "password"), name: optional(f, "name") });
        }}
      >
        <h1>Outbound</h1>
        <p className="muted">You are invited: choose a password to join the workspace</p>
        <ErrorBanner error={accept.error} placed={["password", "name"]} />
        <Field label="Your name" name="name" error={accept.error}>
          <input name="name" autoComplete="name" />
        </Field>
        <Field label="Password" name="password" error={accept.error}>
          <input name="password" type="password" autoComplete="new-password" required />
        </Field>
        <button type="submit" disabled={accept.isPending}>
          Join
        </button>
      </form>
    </div>
  );
}
