import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Empty, ErrorBanner, Loading } from "../../components/feedback.js";
import { formatCents } from "../../lib/format.js";
import { useTRPC } from "../../lib/trpc.js";

export function CostsView() {
  const trpc = useTRPC();
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  const report = useQuery(trpc.admin.reports.costAttribution.queryOptions({ month }));
  return (
    <section>
      <h1>Cost attribution</h1>
      <div className="card">
        <label className="field">
          <span>Month</span>
          <input type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
        {report.isPending ? (
          <Loading />
        ) : report.error ? (
          <ErrorBanner error={report.error} />
        ) : report.data.items.length === 0 ? (
          <Empty>No tenants in this month.</Empty>
        ) : (
          <>
            <div className="chart">
              <ResponsiveContainer width="100%" height={260}>
                <BarChart
                  data={report.data.items.map((t) => ({
                    ...t,
                    costDollars: t.costCents / 100,
                    revenueDollars: t.revenueCents / 100,
                  }))}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="tenantName" />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="revenueDollars" name="Revenue ($)" fill="#16a34a" isAnimationActive={false} />
                  <Bar dataKey="costDollars" name="Cost ($)" fill="#dc2626" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <table>
              <thead>
                <tr>
                  <th>Tenant</th>
                  <th>Revenue</th>
                  <th>Cost</th>
                  <th>Margin</th>
                </tr>
              </thead>
              <tbody>
                {report.data.items.map((t) => (
                  <tr key={t.tenantId}>
                    <td>{t.tenantName}</td>
                    <td>{formatCents(t.revenueCents)}</td>
                    <td>{formatCents(t.costCents)}</td>
                    <td>{formatCents(t.marginCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </section>
  );
}
