import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate } from "../lib/format.js";
import { useTRPC } from "../lib/trpc.js";
import { Empty, ErrorBanner, Loading, Pager } from "./feedback.js";

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
  if (stats.isPending) return <Loading />;
  if (stats.error) return <ErrorBanner error={stats.error} />;
  const { totals, steps, enrollments, lastErrors } = stats.data;
  const emailSteps = steps.filter((s) => s.stepType === "email").map((s) => ({ ...s, name: `Step ${s.stepOrder}` }));
  return (
    <>
      <div className="card" data-testid="campaign-stats">
        <h2>Activity</h2>
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
            {add.data.added} enrolled; skipped {add.data.skipped.alreadyEnrolled} already enrolled,{" "}
            {add.data.skipped.suppressed} suppressed, {add.data.skipped.unsubscribed} unsubscribed,{" "}
            {add.data.skipped.bounced} bounced
          </span>
        )}
      </div>
      <ErrorBanner error={add.error} />
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorBanner error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Empty>No leads enrolled yet.</Empty>
      ) : (
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
            {list.data.items.map((e) => (
              <tr key={e.id}>
                <td>
                  {e.lead.name ?? e.lead.email}
                  <div className="muted">{e.lead.email}</div>
                </td>
                <td>
                  <span className="badge">{e.status}</span>
                  {(e.finishedReason ?? e.lastError) && <div className="muted">{e.finishedReason ?? e.lastError}</div>}
                </td>
                <td>{e.currentStepOrder}</td>
                <td>{formatDate(e.nextActionAt)}</td>
                <td>{e.lastEvent ? `${e.lastEvent.type} ${formatDate(e.lastEvent.occurred)}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager next={list.data?.nextCursor} onNext={setCursor} />
    </div>
  );
}
