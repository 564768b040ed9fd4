import { and, desc, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { newId } from "../schema/columns.js";
import { campaignLeads, emailEvents, leads } from "../schema/index.js";
import { escapeLike } from "./leads.js";
import { toPage } from "./pagination.js";
import { rowsOf } from "./raw-rows.js";
import { isSuppressed } from "./suppressions.js";

/** The most leads one enrollment call takes, by ids or by filter. */
export const MAX_ENROLL_BATCH = 10_000;

/** Enrollment statuses the engine still works on: ending an enrollment only ever moves these. */
export const OPEN_ENROLLMENT_STATUSES = ["active", "paused"] as const;

export type EnrollCandidates =
  | { leadIds: string[] }
  | { filter: { status?: string | undefined; search?: string | undefined } };

export interface EnrollResult {
  /** Leads of the tenant the call named or matched (at most MAX_ENROLL_BATCH). */
  matched: number;
  added: number;
  alreadyEnrolled: number;
  suppressed: number;
  unsubscribed: number;
  bounced: number;
  /** A filter matched more than MAX_ENROLL_BATCH leads: only the first (oldest) ones were considered. */
  truncated: boolean;
}

function candidateCondition(tenantId: string, campaignId: string, candidates: EnrollCandidates): SQL {
  const conditions: SQL[] = [sql`l.tenant_id = ${tenantId}::uuid`];
  if ("leadIds" in candidates) {
    conditions.push(sql`l.id = any(${sql.param(candidates.leadIds)}::uuid[])`);
  } else {
    // A filter skips leads already enrolled before taking its 10 000, so repeating the call
    // works through a larger audience instead of seeing the same first 10 000 again.
    conditions.push(
      sql`not exists (select 1 from campaign_leads e where e.tenant_id = ${tenantId}::uuid and e.campaign_id = ${campaignId}::uuid and e.lead_id = l.id)`,
    );
    const { status, search } = candidates.filter;
    if (status) conditions.push(sql`l.status = ${status}`);
    if (search) {
      const pattern = `%${escapeLike(search)}%`;
      conditions.push(sql`(l.email ilike ${pattern} or l.name ilike ${pattern} or l.company ilike ${pattern})`);
    }
  }
  return sql.join(conditions, sql` and `);
}

/**
 * Enrolls leads in one statement: the candidates are classified (lead unsubscribed or bounced,
 * suppressed, already enrolled, else new) and the new ones inserted at step 1, due at `now`.
 * ON CONFLICT keeps it idempotent per lead when two calls race. The caller checks the campaign
 * (the tenant's, in a status that takes enrollments) and holds its lock.
 */
export async function enrollLeads(
  db: Database,
  args: { tenantId: string; campaignId: string; candidates: EnrollCandidates; now: Date },
): Promise<EnrollResult> {
  const { tenantId, campaignId, now } = args;
  // Ids are UUIDv7 made here (PostgreSQL 15 can't make them), handed out in lead order.
  const wanted =
    "leadIds" in args.candidates ? Math.min(args.candidates.leadIds.length, MAX_ENROLL_BATCH) : MAX_ENROLL_BATCH;
  const ids = Array.from({ length: wanted }, () => newId());
  // postgres.js takes no Date in a raw statement's parameters; PGlite takes both.
  const at = now.toISOString();
  const result = await db.execute(sql`
    with candidates as (
      select l.id, l.email, l.status
      from leads l
      where ${candidateCondition(tenantId, campaignId, args.candidates)}
      order by l.id
      limit ${MAX_ENROLL_BATCH + 1}
    ),
    considered as (
      select * from candidates order by id limit ${MAX_ENROLL_BATCH}
    ),
    classified as (
      select c.id,
        case
          when c.status = 'unsubscribed' then 'unsubscribed'
          when c.status = 'bounced' then 'bounced'
          when ${isSuppressed(sql`${tenantId}::uuid`, sql`c.email`)} then 'suppressed'
          when exists (
            select 1 from campaign_leads e
            where e.tenant_id = ${tenantId}::uuid and e.campaign_id = ${campaignId}::uuid and e.lead_id = c.id
          ) then 'alreadyEnrolled'
          else 'add'
        end as outcome
      from considered c
    ),
    inserted as (
      insert into campaign_leads (id, tenant_id, campaign_id, lead_id, status, current_step_order, next_action_at, enrolled, updated)
      select (${sql.param(ids)}::uuid[])[row_number() over (order by k.id)], ${tenantId}::uuid, ${campaignId}::uuid, k.id,
        'active', 1, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
      from classified k
      where k.outcome = 'add'
      on conflict (tenant_id, campaign_id, lead_id) do nothing
      returning 1
    )
    select
      (select count(*)::int from considered) as matched,
      (select count(*)::int from inserted) as added,
      (select count(*)::int from classified where outcome = 'add') as "toAdd",
      (select count(*)::int from classified where outcome = 'alreadyEnrolled') as "alreadyEnrolled",
      (select count(*)::int from classified where outcome = 'suppressed') as suppressed,
      (select count(*)::int from classified where outcome = 'unsubscribed') as unsubscribed,
      (select count(*)::int from classified where outcome = 'bounced') as bounced,
      (select count(*)::int from candidates) > ${MAX_ENROLL_BATCH} as truncated`);
  const row = rowsOf<EnrollResult & { toAdd: number }>(result)[0];
  if (!row) throw new Error("enrollment statement returned no row");
  const { toAdd, ...counts } = row;
  // A lead another call enrolled between our snapshot and the insert is enrolled all the same.
  return { ...counts, alreadyEnrolled: counts.alreadyEnrolled + (toAdd - counts.added) };
}

/** Ends the named open enrollments of the campaign as removed; the rows stay (messages point at them). */
export async function removeEnrollments(
  db: Database,
  args: { tenantId: string; campaignId: string; leadIds: string[]; now: Date },
): Promise<number> {
  const rows = await db
    .update(campaignLeads)
    .set({ status: "finished", finishedReason: "removed", nextActionAt: null, finished: args.now, updated: args.now })
    .where(
      and(
        eq(campaignLeads.tenantId, args.tenantId),
        eq(campaignLeads.campaignId, args.campaignId),
        inArray(campaignLeads.leadId, args.leadIds),
        inArray(campaignLeads.status, [...OPEN_ENROLLMENT_STATUSES]),
      ),
    )
    .returning({ id: campaignLeads.id });
  return rows.length;
}

/** Ends every open enrollment of the campaign with `reason` (the campaign completed or was cancelled). */
export async function finishCampaignEnrollments(
  db: Database,
  args: { tenantId: string; campaignId: string; reason: string; now: Date },
): Promise<number> {
  const rows = await db
    .update(campaignLeads)
    .set({ status: "finished", finishedReason: args.reason, nextActionAt: null, finished: args.now, updated: args.now })
    .where(
      and(
        eq(campaignLeads.tenantId, args.tenantId),
        eq(campaignLeads.campaignId, args.campaignId),
        inArray(campaignLeads.status, [...OPEN_ENROLLMENT_STATUSES]),
      ),
    )
    .returning({ id: campaignLeads.id });
  return rows.length;
}

export interface ListEnrollmentsArgs {
  tenantId: string;
  campaignId: string;
  limit: number;
  cursor?: string | undefined;
  status?: string | undefined;
}

/** Newest enrollment first, keyset by id; each with its lead and its latest event (one lateral join, no N+1). */
export async function listEnrollments(db: Database, args: ListEnrollmentsArgs) {
  const conditions: SQL[] = [eq(campaignLeads.tenantId, args.tenantId), eq(campaignLeads.campaignId, args.campaignId)];
  if (args.cursor) conditions.push(lt(campaignLeads.id, args.cursor));
  if (args.status) conditions.push(eq(campaignLeads.status, args.status));
  const lastEvent = db
    .select({ type: emailEvents.type, occurred: emailEvents.occurred })
    .from(emailEvents)
    .where(and(eq(emailEvents.tenantId, campaignLeads.tenantId), eq(emailEvents.campaignLeadId, campaignLeads.id)))
    .orderBy(desc(emailEvents.occurred), desc(emailEvents.id))
    .limit(1)
    .as("last_event");
  const rows = await db
    .select({
      id: campaignLeads.id,
      leadId: campaignLeads.leadId,
      leadEmail: leads.email,
      leadName: leads.name,
      leadCompany: leads.company,
      leadStatus: leads.status,
      status: campaignLeads.status,
      currentStepOrder: campaignLeads.currentStepOrder,
      nextActionAt: campaignLeads.nextActionAt,
      emailAccountId: campaignLeads.emailAccountId,
      finishedReason: campaignLeads.finishedReason,
      lastError: campaignLeads.lastError,
      enrolled: campaignLeads.enrolled,
      updated: campaignLeads.updated,
      lastEventType: lastEvent.type,
      lastEventOccurred: lastEvent.occurred,
    })
    .from(campaignLeads)
    .innerJoin(leads, and(eq(leads.tenantId, campaignLeads.tenantId), eq(leads.id, campaignLeads.leadId)))
    .leftJoinLateral(lastEvent, sql`true`)
    .where(and(...conditions))
    .orderBy(desc(campaignLeads.id))
    .limit(args.limit + 1);
  const page = toPage(rows, args.limit);
  return {
    nextCursor: page.nextCursor,
    items: page.items.map(
      ({ leadEmail, leadName, leadCompany, leadStatus, lastEventType, lastEventOccurred, ...e }) => ({
        ...e,
        lead: { email: leadEmail, name: leadName, company: leadCompany, status: leadStatus },
        lastEvent: lastEventType && lastEventOccurred ? { type: lastEventType, occurred: lastEventOccurred } : null,
      }),
    ),
  };
}
