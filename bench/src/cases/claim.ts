import { randomUUID } from "node:crypto";
import { type Database, schema } from "@outbound/db";
import { claimDueEnrollments, findDueCampaigns } from "@outbound/db/queries/engine-claims";
import { rowsOf } from "@outbound/db/queries/raw-rows";
import { sql } from "drizzle-orm";
import type { BenchDatabase } from "../database.js";

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface ClaimResult {
  rows: number;
  due: number;
  batch: number;
  campaigns: number;
  tenants: number;
  seedSeconds: number;
  claimed: number;
  claim: LatencySummary;
  discovery: LatencySummary;
  /** EXPLAIN (ANALYZE, BUFFERS) of the first discovery and of the big campaign's first claim (rolled back). */
  plans: { discovery: string; claim: string };
}

const BATCH = 50;
const CAMPAIGNS_PER_CYCLE = 20;

const summary = (ms: number[]): LatencySummary => {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100;
  return { count: ms.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
};

/**
 * Where the enrollments live: the bench tenant with 90 % of them over three campaigns, nine small
 * tenants with one campaign each sharing the rest. Every `rows / due`-th enrollment is due a minute
 * ago; the others are due over the next 30 days.
 */
async function seed(bench: BenchDatabase, db: Database, rows: number, due: number) {
  const tenants = [bench.tenantId];
  for (let i = 0; i < 9; i++) tenants.push((await bench.addTenant(0, `Claim tenant ${i + 1}`)).tenantId);
  const plan: { tenantId: string; campaignId: string; count: number }[] = [];
  const big = Math.floor(rows * 0.9);
  for (const [i, tenantId] of tenants.entries()) {
    const [company] = await db
      .insert(schema.companies)
      .values({ tenantId, name: "Claim bench", workspaceName: `claim-${randomUUID().slice(0, 8)}` })
      .returning({ id: schema.companies.id });
    if (!company) throw new Error("company insert returned nothing");
    const counts = i === 0 ? [big * 0.6, big * 0.3, big * 0.1] : [(rows - big) / 9];
    for (const count of counts) {
      const [campaign] = await db
        .insert(schema.campaigns)
        .values({ tenantId, companyId: company.id, name: "Claim bench", status: "active" })
        .returning({ id: schema.campaigns.id });
      if (!campaign) throw new Error("campaign insert returned nothing");
      plan.push({ tenantId, campaignId: campaign.id, count: Math.floor(count) });
    }
  }
  const every = Math.round(rows / due);
  for (const [k, p] of plan.entries()) {
    for (let start = 0; start < p.count; start += 100_000) {
      const n = Math.min(100_000, p.count - start);
      await db.execute(sql`
        with l as (
          insert into leads (tenant_id, id, email, name, company, status)
          select ${p.tenantId}::uuid, gen_random_uuid(), 'c' || ${k}::int || '-' || g || '@claim.example',
            'Person ' || g, 'Company ' || (g % 97), 'new'
          from generate_series(${start + 1}::int, ${start + n}::int) g
          returning id, email
        )
        insert into campaign_leads (tenant_id, id, campaign_id, lead_id, status, current_step_order, next_action_at, enrolled)
        select ${p.tenantId}::uuid, gen_random_uuid(), ${p.campaignId}::uuid, l.id, 'active', 1,
          case when split_part(split_part(l.email, '-', 2), '@', 1)::int % ${every}::int = 0
            then now() - interval '1 minute'
            else now() + interval '1 hour' + (random() * interval '30 days') end,
          now() - interval '1 day'
        from l`);
    }
  }
  await db.execute(sql`analyze`);
  const [counted] = rowsOf<{ due: number }>(
    await db.execute(sql`select count(*)::int as due from campaign_leads where next_action_at <= now()`),
  );
  return { tenants: tenants.length, campaigns: plan, due: Number(counted?.due ?? 0) };
}

const explain = async (db: Database, statement: ReturnType<typeof sql>): Promise<string> =>
  rowsOf<Record<string, string>>(await db.execute(sql`explain (analyze, buffers) ${statement}`))
    .map((r) => Object.values(r)[0])
    .join("\n");

/** The two statements of the engine's cycle, as findDueCampaigns and claimDueEnrollments send them. */
const discoveryStatement = (now: string) => sql`
  select cl.tenant_id, cl.campaign_id, count(*)::int as due
  from campaign_leads cl
  join campaigns c on c.tenant_id = cl.tenant_id and c.id = cl.campaign_id and c.status = 'active'
  where cl.status = 'active' and cl.next_action_at <= ${now}::timestamptz
    and (cl.locked_until is null or cl.locked_until < ${now}::timestamptz)
  group by cl.tenant_id, cl.campaign_id
  order by due desc
  limit ${CAMPAIGNS_PER_CYCLE}`;
const claimStatement = (tenantId: string, campaignId: string, now: string, until: string) => sql`
  update campaign_leads cl
  set locked_by = ${randomUUID()}::uuid, locked_until = ${until}::timestamptz
  from (
    select tenant_id, id from campaign_leads
    where tenant_id = ${tenantId}::uuid and campaign_id = ${campaignId}::uuid
      and status = 'active' and next_action_at <= ${now}::timestamptz
      and (locked_until is null or locked_until < ${now}::timestamptz)
    order by next_action_at
    limit ${BATCH}
    for update skip locked
  ) due, leads l
  where cl.tenant_id = due.tenant_id and cl.id = due.id
    and l.tenant_id = cl.tenant_id and l.id = cl.lead_id
  returning cl.id`;

/**
 * findDueCampaigns and claimDueEnrollments (batches of 50, leases kept, as a worker's cycle holds
 * them while it sends) over `rows` enrollments of which `due` are due, until every due one is claimed.
 */
export async function claimCase(bench: BenchDatabase, options: { rows: number; due: number }): Promise<ClaimResult> {
  const handle = await bench.open();
  const { db } = handle;
  try {
    const started = performance.now();
    const seeded = await seed(bench, db, options.rows, options.due);
    const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
    const now = new Date();
    const until = new Date(now.getTime() + 5 * 60_000);
    const first = seeded.campaigns[0];
    if (!first) throw new Error("no campaign seeded");
    const plans = {
      discovery: await explain(db, discoveryStatement(now.toISOString())),
      claim: await db
        .transaction(async (tx) => {
          const text = await explain(
            tx as unknown as Database,
            claimStatement(first.tenantId, first.campaignId, now.toISOString(), until.toISOString()),
          );
          throw Object.assign(new Error("rollback"), { text });
        })
        .catch((error: { text?: string }) => {
          if (error.text === undefined) throw error;
          return error.text;
        }),
    };
    const claimMs: number[] = [];
    const discoveryMs: number[] = [];
    let claimed = 0;
    const token = randomUUID();
    for (;;) {
      const t0 = performance.now();
      const campaigns = await findDueCampaigns(db, { now, limit: CAMPAIGNS_PER_CYCLE });
      discoveryMs.push(performance.now() - t0);
      if (campaigns.length === 0) break;
      for (const { tenantId, campaignId } of campaigns) {
        const t1 = performance.now();
        const batch = await claimDueEnrollments(db, { tenantId, campaignId, now, until, token, limit: BATCH });
        claimMs.push(performance.now() - t1);
        claimed += batch.length;
      }
    }
    if (claimed !== seeded.due) throw new Error(`claimed ${claimed} of ${seeded.due} due enrollments`);
    return {
      rows: options.rows,
      due: seeded.due,
      batch: BATCH,
      campaigns: seeded.campaigns.length,
      tenants: seeded.tenants,
      seedSeconds,
      claimed,
      claim: summary(claimMs),
      discovery: summary(discoveryMs),
      plans,
    };
  } finally {
    await handle.close();
  }
}
