import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorBanner, Field, formString, optional } from "../components/feedback.js";
import { setToken } from "../lib/session.js";
import { useTRPC } from "../lib/trpc.js";

/** Sign in (or create a workspace); the session token is kept for this tab, or across restarts with "remember me". */
export function SignIn() {
  const trpc = useTRPC();
  const [mode, setMode] = useState<"in" | "up">("in");
  const [remember, setRemember] = useState(false);
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: (r) => setToken(r.token, remember) }));
  const signUp = useMutation(trpc.auth.signUp.mutationOptions({ onSuccess: (r) => setToken(r.token, remember) }));
  const error = mode === "in" ? signIn.error : signUp.error;
  return (
    <div className="auth-page">
      <form
        className="card auth-card"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const email = formString(f, "email");
          const password = formString(f, "password");
          if (mode === "in") signIn.mutate({ email, password, totpCode: optional(f, "totpCode") });
          else signUp.mutate({ email, password, name: formString(f, "name"), tenantName: formString(f, "tenantName") });
        }}
      >
        <h1>Outbound</h1>
        <p className="muted">{mode === "in" ? "Sign in to your workspace" : "Create a workspace"}</p>
        <ErrorBanner error={error} placed={["email", "password", "name", "tenantName", "totpCode"]} />
        {mode === "up" && (
          <>
            <Field label="Your name" name="name" error={error}>
              <input name="name" autoComplete="name" required />
            </Field>
            <Field label="Workspace name" name="tenantName" error={error}>
              <input name="tenantName" required />
            </Field>
          </>
        )}
        <Field label="Email" name="email" error={error}>
          <input name="email" type="email" autoComplete="username" required />
        </Field>
        <Field label="Password" name="password" error={error}>
          <input
            name="password"
            type="password"
            autoComplete={mode === "in" ? "current-password" : "new-password"}
            required
          />
        </Field>
        {mode === "in" && (
          <Field label="Two-factor code (if enabled)" name="totpCode" error={error}>
            <input name="totpCode" inputMode="numeric" autoComplete="one-time-code" />
          </Field>
        )}
        <label className="check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> Remember me on
          this device
        </label>
        <button type="submit" disabled={signIn.isPending || signUp.isPending}>
          {mode === "in" ? "Sign in" : "Create workspace"}
        </button>
        <button type="button" className="link" onClick={() => setMode(mode === "in" ? "up" : "in")}>
          {mode === "in" ? "New here? Create a workspace" : "Have an account? Sign in"}
        </button>
      </form>
    </div>
  );
}
