import type { Database } from "@outbound/db";
import {
  activeAddonsOfCurrentSubscriptions,
  assignmentsOverlapping,
  currentSubscriptionsWithPlans,
  tenantNames,
} from "@outbound/db/queries/cost-attribution";

/*
 * Cost attribution rules (all money in integer cents):
 * - An assignment is active from `assigned` until the earliest of `expires` and, when its
 *   status is no longer `active` (released), its `updated` (the moment of release).
 * - A day is a UTC calendar day of the month; an assignment counts on a day when its active
 *   interval overlaps that day at all.
 * - IP cost: each day carries `approximate_cost / days in month`, split equally among the
 *   assignments active on that IP that day. Days without any assignment are idle cost the
 *   platform carries; they are attributed to nobody.
 * - VPS cost: the same with `monthly_cost`, split among the assignments active that day on any
 *   IP of the VPS.
 * - Each tenant's IP and VPS cost is summed exactly (as fractions) and rounded half up to the
 *   cent once; totals are the sums of the rounded rows, so rows always add up to the totals.
 * - Revenue: the current subscription's plan (`price_monthly`, or `price_yearly / 12` when billed
 *   yearly) plus each active add-on's `price_monthly` (its whole quantity's), rounded half up once. It is
 *   the subscription as it stands now; the schema keeps no subscription history per month.
 */

export interface MonthRange {
  start: Date;
  end: Date;
  days: number;
}

/** `YYYY-MM` as the UTC interval [start, end). */
export function monthRange(month: string): MonthRange {
  const [year, mon] = month.split("-").map(Number);
  if (!year || !mon) throw new Error(`not a month: ${month}`);
  const start = new Date(Date.UTC(year, mon - 1, 1));
  const end = new Date(Date.UTC(year, mon, 1));
  return { start, end, days: Math.round((end.getTime() - start.getTime()) / DAY_MS) };
}

const DAY_MS = 86_400_000;

/** When an assignment stopped counting; null while it still does. */
export function assignmentEnd(a: { status: string; expires: Date | null; updated: Date }): Date | null {
  const candidates = [a.expires, a.status === "active" ? null : a.updated].filter((d): d is Date => d !== null);
  return candidates.length === 0 ? null : new Date(Math.min(...candidates.map((d) => d.getTime())));
}

export interface AssignmentUsage {
  tenantId: string;
  ipId: string;
  ipCostCents: number;
  vpsId: string;
  vpsCostCents: number;
  start: Date;
  /** Exclusive; null while still active. */
  end: Date | null;
}

/** A tenant's share as Σ over n of numerator[n] / (days × n): exact, no float ever. */
type Shares = Map<number, bigint>;

function addShare(shares: Shares, n: number, numerator: bigint) {
  shares.set(n, (shares.get(n) ?? 0n) + numerator);
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** Round half up of a non-negative fraction. */
export function roundHalfUp(num: bigint, den: bigint): number {
  return Number((2n * num + den) / (2n * den));
}

function sharesToCents(shares: Shares | undefined, days: number): number {
  if (!shares) return 0;
  let num = 0n;
  let den = 1n;
  for (const [n, value] of shares) {
    const d = BigInt(days * n);
    num = num * d + value * den;
    den *= d;
    const g = gcd(num, den);
    if (g > 1n) {
      num /= g;
      den /= g;
    }
  }
  return roundHalfUp(num, den);
}

/** Splits each resource's daily cost equally among the assignments active on it that day. */
function splitDaily(
  usages: readonly AssignmentUsage[],
  range: MonthRange,
  resourceOf: (u: AssignmentUsage) => { id: string; costCents: number },
): Map<string, Shares> {
  const byResource = new Map<string, AssignmentUsage[]>();
  for (const u of usages) {
    const id = resourceOf(u).id;
    const group = byResource.get(id);
    if (group) group.push(u);
    else byResource.set(id, [u]);
  }
  const result = new Map<string, Shares>();
  for (const group of byResource.values()) {
    const first = group[0];
    if (!first) continue;
    const cost = BigInt(resourceOf(first).costCents);
    for (let day = 0; day < range.days; day++) {
      const dayStart = range.start.getTime() + day * DAY_MS;
      const dayEnd = dayStart + DAY_MS;
      const active = group.filter((u) => u.start.getTime() < dayEnd && (u.end === null || u.end.getTime() > dayStart));
      for (const u of active) {
        const shares = result.get(u.tenantId) ?? new Map();
        addShare(shares, active.length, cost);
        result.set(u.tenantId, shares);
      }
    }
  }
  return result;
}

export interface TenantRevenue {
  tenantId: string;
  planSlug: string;
  billingInterval: string;
  priceMonthlyCents: number;
  priceYearlyCents: number;
  addonCents: number;
}

export interface CostRow {
  tenantId: string;
  ipCostCents: number;
  vpsCostCents: number;
  costCents: number;
  revenueCents: number;
  marginCents: number;
  planSlug: string | null;
  billingInterval: string | null;
}

/** Pure: the per-tenant rows and totals for a month from its usages and revenues. */
export function attributeCosts(
  range: MonthRange,
  usages: readonly AssignmentUsage[],
  revenues: readonly TenantRevenue[],
) {
  const ip = splitDaily(usages, range, (u) => ({ id: u.ipId, costCents: u.ipCostCents }));
  const vps = splitDaily(usages, range, (u) => ({ id: u.vpsId, costCents: u.vpsCostCents }));
  const revenueByTenant = new Map(revenues.map((r) => [r.tenantId, r]));
  const tenantIds = new Set([...ip.keys(), ...vps.keys(), ...revenueByTenant.keys()]);
  const rows: CostRow[] = [...tenantIds].map((tenantId) => {
    const ipCostCents = sharesToCents(ip.get(tenantId), range.days);
    const vpsCostCents = sharesToCents(vps.get(tenantId), range.days);
    const r = revenueByTenant.get(tenantId);
    const revenueCents = r
      ? r.billingInterval === "year"
        ? roundHalfUp(BigInt(r.priceYearlyCents + 12 * r.addonCents), 12n)
        : r.priceMonthlyCents + r.addonCents
      : 0;
    const costCents = ipCostCents + vpsCostCents;
    return {
      tenantId,
      ipCostCents,
      vpsCostCents,
      costCents,
      revenueCents,
      marginCents: revenueCents - costCents,
      planSlug: r?.planSlug ?? null,
      billingInterval: r?.billingInterval ?? null,
    };
  });
  const sum = (f: (r: CostRow) => number) => rows.reduce((total, r) => total + f(r), 0);
  const totals = {
    tenants: rows.length,
    ipCostCents: sum((r) => r.ipCostCents),
    vpsCostCents: sum((r) => r.vpsCostCents),
    costCents: sum((r) => r.costCents),
    revenueCents: sum((r) => r.revenueCents),
    marginCents: sum((r) => r.marginCents),
  };
  return { rows, totals };
}

/** `"12.3"`, `"12.30"` or `"12"` (a numeric(12,2) as the driver returns it) as integer cents. */
export function moneyToCents(value: string | null): number {
  if (value === null) return 0;
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new Error(`not a money amount: ${value}`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? "").padEnd(2, "0"));
  return match[1] ? -cents : cents;
}

export async function costAttributionReport(db: Database, month: string) {
  const range = monthRange(month);
  const [assignments, subscriptions, addons] = await Promise.all([
    assignmentsOverlapping(db, range),
    currentSubscriptionsWithPlans(db),
    activeAddonsOfCurrentSubscriptions(db),
  ]);
  const usages = assignments.map((a) => ({
    tenantId: a.tenantId,
    ipId: a.ipId,
    ipCostCents: moneyToCents(a.ipCost),
    vpsId: a.vpsId,
    vpsCostCents: moneyToCents(a.vpsCost),
    start: a.assigned,
    end: assignmentEnd(a),
  }));
  const addonCents = new Map<string, number>();
  for (const a of addons) {
    // `price_monthly` of an add-on is what it bills a month for its whole quantity.
    addonCents.set(a.tenantId, (addonCents.get(a.tenantId) ?? 0) + moneyToCents(a.priceMonthly));
  }
  const revenues = subscriptions.map((s) => ({
    tenantId: s.tenantId,
    planSlug: s.planSlug,
    billingInterval: s.billingInterval,
    priceMonthlyCents: s.priceMonthly,
    priceYearlyCents: s.priceYearly,
    addonCents: addonCents.get(s.tenantId) ?? 0,
  }));
  const { rows, totals } = attributeCosts(range, usages, revenues);
  const names = new Map(
    (
      await tenantNames(
        db,
        rows.map((r) => r.tenantId),
      )
    ).map((t) => [t.id, t.name]),
  );
  const items = rows
    .map((r) => ({ ...r, tenantName: names.get(r.tenantId) ?? null }))
    .sort((x, y) => (x.tenantName ?? "").localeCompare(y.tenantName ?? "") || x.tenantId.localeCompare(y.tenantId));
  return { month, items, totals };
}
