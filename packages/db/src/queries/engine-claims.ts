import { sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { rowsOf } from "./raw-rows.js";
import { tenantIsActive } from "./tenants.js";

/** `and cl.tenant_id in (…)` for a worker serving some tenants; nothing when it serves all. */
const inTenants = (tenantIds: readonly string[] | undefined) =>
  tenantIds
    ? sql`and cl.tenant_id in (${sql.join(
        tenantIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;

/** A campaign with enrollments due now, found without locking anything. */
export interface DueCampaign {
  tenantId: string;
  campaignId: string;
  due: number;
}

/**
 * Active campaigns with due, unleased enrollments, most due first. A read across tenants with
 * no row locks (allowed on a table distributed by tenant_id); each claim that follows is a
 * single-tenant statement.
 */
export async function findDueCampaigns(
  db: Database,
  args: { now: Date; limit: number; tenantIds?: readonly string[] | undefined },
): Promise<DueCampaign[]> {
  const now = args.now.toISOString();
  const onlyTenants = inTenants(args.tenantIds);
  const result = await db.execute(sql`
    select cl.tenant_id, cl.campaign_id, count(*)::int as due
    from campaign_leads cl
    join campaigns c on c.tenant_id = cl.tenant_id and c.id = cl.campaign_id and c.status = 'active'
    where cl.status = 'active' and cl.next_action_at <= ${now}::timestamptz
      and (cl.locked_until is null or cl.locked_until < ${now}::timestamptz)
      and ${tenantIsActive(sql`cl.tenant_id`)}
      ${onlyTenants}
    group by cl.tenant_id, cl.campaign_id
    order by due desc
    limit ${args.limit}`);
  return rowsOf<{ tenant_id: string; campaign_id: string; due: number }>(result).map((r) => ({
    tenantId: r.tenant_id,
    campaignId: r.campaign_id,
    due: Number(r.due),
  }));
}

/**
 * The earliest time after `after` at which an enrollment the engine would claim (active, in an
 * active campaign of an active tenant) falls due; null when none does. Lets a caller that owns
 * the clock walk time from one due moment to the next instead of jumping past them.
 */
export async function nextDueAfter(
  db: Database,
  args: { after: Date; tenantIds?: readonly string[] | undefined },
): Promise<Date | null> {
  const onlyTenants = inTenants(args.tenantIds);
  const result = await db.execute(sql`
    select min(cl.next_action_at) as next
    from campaign_leads cl
    join campaigns c on c.tenant_id = cl.tenant_id and c.id = cl.campaign_id and c.status = 'active'
    where cl.status = 'active' and cl.next_action_at > ${args.after.toISOString()}::timestamptz
      and ${tenantIsActive(sql`cl.tenant_id`)}
      ${onlyTenants}`);
  const next = rowsOf<{ next: string | Date | null }>(result)[0]?.next ?? null;
  return next === null ? null : new Date(next);
}

/** A leased enrollment with what the engine needs of its lead. */
export interface ClaimedEnrollment {
  id: string;
  tenantId: string;
  campaignId: string;
  leadId: string;
  currentStepOrder: number;
  nextActionAt: Date;
  emailAccountId: string | null;
  threadMessageId: string | null;
  lastEmailAt: Date | null;
  lockedUntil: Date;
  lead: { email: string; name: string | null; company: string | null; status: string };
}

interface ClaimRow {
  id: string;
  tenant_id: string;
  campaign_id: string;
  lead_id: string;
  current_step_order: number;
  next_action_at: Date | string;
  email_account_id: string | null;
  thread_message_id: string | null;
  last_email_at: Date | string | null;
  locked_until: Date | string;
  email: string;
  name: string | null;
  company: string | null;
  lead_status: string;
}

const asDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

/**
 * Leases up to `limit` due enrollments of one campaign to `token` until `until`. One statement on
 * one tenant's rows: `SKIP LOCKED` lets concurrent claims take disjoint rows, and the lease itself
 * (not a row lock) guards the enrollment while the worker sends, so no transaction stays open
 * across an SMTP conversation. A worker that dies leaves leases that expire.
 */
export async function claimDueEnrollments(
  db: Database,
  args: { tenantId: string; campaignId: string; now: Date; until: Date; token: string; limit: number },
): Promise<ClaimedEnrollment[]> {
  const now = args.now.toISOString();
  const result = await db.execute(sql`
    update campaign_leads cl
    set locked_by = ${args.token}::uuid, locked_until = ${args.until.toISOString()}::timestamptz
    from (
      select tenant_id, id from campaign_leads
      where tenant_id = ${args.tenantId}::uuid and campaign_id = ${args.campaignId}::uuid
        and status = 'active' and next_action_at <= ${now}::timestamptz
        and (locked_until is null or locked_until < ${now}::timestamptz)
      order by next_action_at
      limit ${args.limit}
      for update skip locked
    ) due, leads l
    where cl.tenant_id = due.tenant_id and cl.id = due.id
      and l.tenant_id = cl.tenant_id and l.id = cl.lead_id
    returning cl.id, cl.tenant_id, cl.campaign_id, cl.lead_id, cl.current_step_order, cl.next_action_at,
      cl.email_account_id, cl.thread_message_id, cl.last_email_at, cl.locked_until,
      l.email, l.name, l.company, l.status as lead_status`);
  return rowsOf<ClaimRow>(result).map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    campaignId: r.campaign_id,
    leadId: r.lead_id,
    currentStepOrder: Number(r.current_step_order),
    nextActionAt: asDate(r.next_action_at),
    emailAccountId: r.email_account_id,
    threadMessageId: r.thread_message_id,
    lastEmailAt: r.last_email_at === null ? null : asDate(r.last_email_at),
    lockedUntil: asDate(r.locked_until),
    lead: { email: r.email, name: r.name, company: r.company, status: r.lead_status },
  }));
}
