import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { limitLabel } from "../lib/errors.js";

export interface UsageRow {
  limit: string;
  used: number;
  allowed: number;
}

/** Used vs allowed per limit, as a percentage so limits of very different sizes share one axis. */
export function UsageBars({ rows }: { rows: UsageRow[] }) {
  const data = rows.map((r) => ({
    name: limitLabel(r.limit),
    percent: r.allowed > 0 ? Math.min(100, Math.round((r.used / r.allowed) * 100)) : r.used > 0 ? 100 : 0,
    label: `${r.used} / ${r.allowed}`,
  }));
  return (
    <div className="chart" data-testid="usage-chart">
      <ResponsiveContainer width="100%" height={Math.max(160, data.length * 34)}>
        <BarChart data={data} layout="vertical" margin={{ left: 16, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 100]} unit="%" />
          <YAxis type="category" dataKey="name" width={140} />
          <Tooltip formatter={(_v, _n, item) => (item?.payload as { label?: string } | undefined)?.label ?? ""} />
          <Bar dataKey="percent" fill="#4f46e5" radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function ProgressBar({ done, total }: { done: number; total: number }) {
  const percent = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
      <div style={{ width: `${percent}%` }} />
      <span>
        {done} / {total} rows ({percent}%)
      </span>
    </div>
  );
}
