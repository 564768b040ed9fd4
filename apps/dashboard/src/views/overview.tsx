import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { ErrorBanner, Loading } from "../components/feedback.js";
import { UsageBars } from "../components/usage-bars.js";
import { useTRPC } from "../lib/trpc.js";

export function OverviewView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const canBill = me.data?.roles.some((r) => r === "owner" || r === "billing") ?? false;
  const usage = useQuery({ ...trpc.billing.usage.queryOptions(), enabled: canBill });
  const campaigns = useQuery(trpc.campaigns.list.queryOptions({ limit: 5 }));
  return (
    <section>
      <h1>Overview</h1>
      <div className="grid">
        <div className="card">
          <h2>Plan usage</h2>
          {!canBill ? (
            <p className="muted">Usage is visible to owners and billing members.</p>
          ) : usage.isPending ? (
            <Loading />
          ) : usage.error ? (
            <ErrorBanner error={usage.error} />
          ) : (
            <>
              <p>
                Plan: <strong>{usage.data.plan?.slug ?? "none"}</strong> · <Link to="/billing">Billing</Link>
              </p>
              <UsageBars rows={usage.data.limits} />
            </>
          )}
        </div>
        <div className="card">
          <h2>Recent campaigns</h2>
          {campaigns.isPending ? (
            <Loading />
          ) : campaigns.error ? (
            <ErrorBanner error={campaigns.error} />
          ) : campaigns.data.items.length === 0 ? (
            <p className="empty">
              No campaigns yet. <Link to="/campaigns">Create one</Link>
            </p>
          ) : (
            <ul className="plain">
              {campaigns.data.items.map((c) => (
                <li key={c.id}>
                  <Link to="/campaigns/$campaignId" params={{ campaignId: c.id }}>
                    {c.name}
                  </Link>{" "}
                  <span className={`badge ${c.status}`}>{c.status}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
