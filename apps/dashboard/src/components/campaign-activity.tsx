import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { enrollmentSummary } from "../lib/enrollment.js";
import { formatDate } from "../lib/format.js";
import type { RouterOutputs } from "../lib/router-types.js";
import { useTRPC } from "../lib/trpc.js";
import { ErrorBanner, Pager } from "./feedback.js";
import { QueryState } from "./query-state.js";

const SERIES = [
  ["sent", "#4f46e5"],
  ["replied", "#16a34a"],
  ["opened", "#0891b2"],
  ["clicked", "#ca8a04"],
  ["bounced", "#dc2626"],
] as const;

/** What the engine did for the campaign: totals, each email step's counts as a chart, and the enrollments. */
export function CampaignActivity({ campaignId }: { campaignId: string }) {
  const trpc = useTRPC();
  const stats = useQuery(trpc.campaigns.stats.queryOptions({ id: campaignId }));
  return <QueryState query={stats}>{(data) => <ActivityCards campaignId={campaignId} stats={data} />}</QueryState>;
}

function ActivityCards({ campaignId, stats }: { campaignId: string; stats: RouterOutputs["campaigns"]["stats"] }) {
  const { totals, steps, enrollments, lastErrors } = stats;
  const emailSteps = steps.filter((s) => s.stepType === "email").map((s) => ({ ...s, name: `Step ${s.stepOrder}` }));
  return (
    <>
      <div className="card" data-testid="campaign-stats">
        <div className="toolbar">
          <h2>Activity</h2>
          <span className="spacer" />
          <Link to="/messages" search={{ campaignId }}>
            Messages →
          </Link>
        </div>
        <p className="muted">
          {Object.entries(totals)
            .map(([name, count]) => `${count} ${name}`)
            .join(" · ")}
        </p>
        <p className="muted">
          Enrollments:{" "}
          {Object.entries(enrollments)
            .map(([name, count]) => `${count} ${name}`)
            .join(" · ")}
        </p>
        {emailSteps.length > 0 && (
          <div className="chart" data-testid="step-chart">
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={emailSteps} margin={{ left: 8, right: 16 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="name" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                {SERIES.map(([key, color]) => (
                  <Bar key={key} dataKey={key} fill={color} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
        {lastErrors.length > 0 && (
          <ul className="error">
            {lastErrors.map((e) => (
              <li key={e.error}>
                {e.error} ({e.count})
              </li>
            ))}
          </ul>
        )}
      </div>
      <Enrollments campaignId={campaignId} />
    </>
  );
}

/** The campaign's enrollments, newest first, and enrolling the tenant's leads by status. */
function Enrollments({ campaignId }: { campaignId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const list = useQuery(trpc.campaigns.leads.list.queryOptions({ campaignId, limit: 25, cursor }));
  const add = useMutation(
    trpc.campaigns.leads.add.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() }),
    }),
  );
  return (
    <div className="card" data-testid="enrollments">
      <h2>Enrollments</h2>
      <div className="toolbar">
        <button type="button" onClick={() => add.mutate({ campaignId, filter: { status: "new" } })}>
          Enroll all new leads
        </button>
        {add.data && (
          <span className="muted" data-testid="enroll-result">
            {enrollmentSummary(add.data)}
          </span>
        )}
      </div>
      <ErrorBanner error={add.error} />
      <QueryState query={list} empty="No leads enrolled yet.">
        {(page) => (
          <table>
            <thead>
              <tr>
                <th>Lead</th>
                <th>Status</th>
                <th>Step</th>
                <th>Next action</th>
                <th>Last event</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    {e.lead.name ?? e.lead.email}
                    <div className="muted">{e.lead.email}</div>
                  </td>
                  <td>
                    <span className="badge">{e.status}</span>
                    {(e.finishedReason ?? e.lastError) && (
                      <div className="muted">{e.finishedReason ?? e.lastError}</div>
                    )}
                  </td>
                  <td>{e.currentStepOrder}</td>
                  <td>{formatDate(e.nextActionAt)}</td>
                  <td>{e.lastEvent ? `${e.lastEvent.type} ${formatDate(e.lastEvent.occurred)}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      <Pager next={list.data?.nextCursor} onNext={setCursor} />
    </div>
  );
}
