import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, Outlet } from "@tanstack/react-router";
import { useState, useSyncExternalStore } from "react";
import { clearToken, getToken, onSessionChange } from "../lib/session.js";
import { useTRPC } from "../lib/trpc.js";
import { AcceptInvitation, invitationToken } from "../views/accept-invitation.js";
import { SignIn } from "../views/sign-in.js";
import { ErrorBanner, Loading } from "./feedback.js";

const TENANT_NAV = [
  ["/", "Overview"],
  ["/leads", "Leads"],
  ["/campaigns", "Campaigns"],
  ["/messages", "Messages"],
  ["/suppressions", "Suppressions"],
  ["/templates", "Templates"],
  ["/domains", "Domains"],
  ["/mailboxes", "Mailboxes"],
  ["/billing", "Billing"],
  ["/members", "Members"],
  ["/api-keys", "API keys"],
  ["/webhooks", "Webhooks"],
  ["/settings", "Settings"],
] as const;

/** Staff views, each shown only with the permission its procedures need. */
const STAFF_NAV = [
  ["/staff/tenants", "Tenants", "tenants:read"],
  ["/staff/plans", "Plans", "billing:write"],
  ["/staff/ip-pool", "IP pool", "infra:read"],
  ["/staff/flags", "Feature flags", "config:read"],
  ["/staff/config", "System config", "config:read"],
  ["/staff/costs", "Cost report", "reports:read"],
] as const;

export function useSignedIn(): boolean {
  return useSyncExternalStore(onSessionChange, () => getToken() !== null);
}

/** The staff permissions of the signed-in user (empty for tenant users). */
export function useStaffPermissions(): readonly string[] {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions()).data?.staffPermissions ?? [];
}

export function Shell() {
  const signedIn = useSignedIn();
  if (signedIn) return <SignedInShell />;
  const invitation = invitationToken();
  return invitation ? <AcceptInvitation token={invitation} /> : <SignIn />;
}

function SignedInShell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [menuOpen, setMenuOpen] = useState(false);
  const me = useQuery(trpc.auth.me.queryOptions());
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        clearToken();
        queryClient.clear();
      },
    }),
  );
  const staff = me.data?.staffPermissions ?? [];
  return (
    <div className="layout">
      <header className="topbar">
        <button type="button" className="menu-toggle" onClick={() => setMenuOpen(!menuOpen)} aria-label="Menu">
          ☰
        </button>
        <span className="brand">Outbound</span>
        <span className="tenant">{me.data?.tenant.name}</span>
        <span className="spacer" />
        <span className="muted who">{me.data?.user?.email}</span>
        <button type="button" className="secondary" onClick={() => signOut.mutate()}>
          Sign out
        </button>
      </header>
      <nav className={menuOpen ? "sidebar open" : "sidebar"}>
        {TENANT_NAV.map(([to, label]) => (
          <Link
            key={to}
            to={to}
            activeOptions={{ exact: to === "/" }}
            activeProps={{ className: "active" }}
            onClick={() => setMenuOpen(false)}
          >
            {label}
          </Link>
        ))}
        {staff.length > 0 && <p className="nav-heading">Staff</p>}
        {STAFF_NAV.filter(([, , permission]) => staff.includes(permission)).map(([to, label]) => (
          <Link key={to} to={to} activeProps={{ className: "active" }} onClick={() => setMenuOpen(false)}>
            {label}
          </Link>
        ))}
      </nav>
      <main className="content">
        {me.isPending ? <Loading /> : me.error ? <ErrorBanner error={me.error} /> : <Outlet />}
      </main>
    </div>
  );
}
