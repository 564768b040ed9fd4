import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import {
  campaignLeads,
  campaigns,
  domainIpAssignments,
  domains,
  emailAccounts,
  emailEvents,
  leads,
  campaignSequenceSteps as steps,
  templates,
} from "../schema/index.js";
import { rowsOf } from "./raw-rows.js";
import { isSuppressed } from "./suppressions.js";

/** The campaign as the engine reads it: settings and every step in order, templates joined. */
export async function campaignForEngine(db: Database, args: { tenantId: string; campaignId: string }) {
  const [campaign] = await db
    .select({
      id: campaigns.id,
      tenantId: campaigns.tenantId,
      companyId: campaigns.companyId,
      status: campaigns.status,
      sendingWindow: campaigns.sendingWindow,
      dailyLimit: campaigns.dailyLimit,
      stopOnReply: campaigns.stopOnReply,
      trackOpens: campaigns.trackOpens,
      trackClicks: campaigns.trackClicks,
    })
    .from(campaigns)
    .where(and(eq(campaigns.tenantId, args.tenantId), eq(campaigns.id, args.campaignId)))
    .limit(1);
  if (!campaign) return null;
  const sequence = await db
    .select({
      id: steps.id,
      stepOrder: steps.stepOrder,
      stepType: steps.stepType,
      isActive: steps.isActive,
      emailAccountId: steps.emailAccountId,
      templateId: steps.templateId,
      subjectOverride: steps.subjectOverride,
      fromNameOverride: steps.fromNameOverride,
      waitDurationHours: steps.waitDurationHours,
      waitUntilDate: steps.waitUntilDate,
      conditionType: steps.conditionType,
      conditionValue: steps.conditionValue,
      sendCondition: steps.sendCondition,
      subject: templates.subject,
      content: templates.content,
    })
    .from(steps)
    .leftJoin(templates, and(eq(templates.tenantId, steps.tenantId), eq(templates.id, steps.templateId)))
    .where(and(eq(steps.tenantId, args.tenantId), eq(steps.campaignId, args.campaignId)))
    .orderBy(asc(steps.stepOrder));
  return { ...campaign, steps: sequence };
}
export type EngineCampaign = NonNullable<Awaited<ReturnType<typeof campaignForEngine>>>;
export type EngineStep = EngineCampaign["steps"][number];

export interface EnrollmentChange {
  currentStepOrder?: number;
  nextActionAt?: Date | null;
  status?: string;
  finishedReason?: string | null;
  finished?: Date | null;
  lastError?: string | null;
  emailAccountId?: string | null;
  threadMessageId?: string | null;
  lastEmailAt?: Date | null;
}

/**
 * Applies `change` only while `token` still holds the lease (a worker that lost it writes
 * nothing) and the enrollment is still active: a reply, bounce, unsubscribe or removal that
 * ended it meanwhile (those don't wait for the lease) stands, and the lease on it is given up.
 * Otherwise gives the lease up unless `keepLease`. True when the change was applied.
 */
export async function changeLeasedEnrollment(
  db: Database,
  args: { tenantId: string; id: string; token: string; now: Date; change: EnrollmentChange; keepLease?: boolean },
): Promise<boolean> {
  const release = args.keepLease ? {} : { lockedBy: null, lockedUntil: null };
  const leased = and(
    eq(campaignLeads.tenantId, args.tenantId),
    eq(campaignLeads.id, args.id),
    eq(campaignLeads.lockedBy, args.token),
  );
  const rows = await db
    .update(campaignLeads)
    .set({ ...args.change, ...release, updated: args.now })
    .where(and(leased, eq(campaignLeads.status, "active")))
    .returning({ id: campaignLeads.id });
  if (rows.length > 0) return true;
  await db.update(campaignLeads).set({ lockedBy: null, lockedUntil: null }).where(leased);
  return false;
}

/** Gives leases of `token` back without other changes (the campaign paused, the worker stopping). */
export async function releaseLeases(db: Database, args: { tenantId: string; ids: string[]; token: string }) {
  if (args.ids.length === 0) return;
  await db
    .update(campaignLeads)
    .set({ lockedBy: null, lockedUntil: null })
    .where(
      and(
        eq(campaignLeads.tenantId, args.tenantId),
        inArray(campaignLeads.id, args.ids),
        eq(campaignLeads.lockedBy, args.token),
      ),
    );
}

/** Mailboxes of the company that may send: active, on a verified domain, with the day's count. */
export async function senderCandidates(db: Database, args: { tenantId: string; companyId: string }) {
  return db
    .select(mailboxSendColumns)
    .from(emailAccounts)
    .innerJoin(domains, and(eq(domains.tenantId, emailAccounts.tenantId), eq(domains.id, emailAccounts.domainId)))
    .where(
      and(
        eq(emailAccounts.tenantId, args.tenantId),
        eq(domains.companyId, args.companyId),
        eq(emailAccounts.status, "active"),
        eq(domains.verificationStatus, "verified"),
      ),
    )
    .orderBy(asc(emailAccounts.id));
}

const mailboxSendColumns = {
  id: emailAccounts.id,
  email: emailAccounts.email,
  status: emailAccounts.status,
  smtpSettings: emailAccounts.smtpSettings,
  vaultKeyPath: emailAccounts.vaultKeyPath,
  dailyCap: emailAccounts.dailyCap,
  dailyCount: emailAccounts.dailyCount,
  dailyCountDate: emailAccounts.dailyCountDate,
  warmupStarted: emailAccounts.warmupStarted,
  updated: emailAccounts.updated,
  domainId: domains.id,
  domain: domains.domain,
  domainStatus: domains.verificationStatus,
  dnsRecords: domains.dnsRecords,
};

/** One mailbox with what sending from it needs, whatever its status (the caller decides). */
export async function mailboxForSend(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select(mailboxSendColumns)
    .from(emailAccounts)
    .innerJoin(domains, and(eq(domains.tenantId, emailAccounts.tenantId), eq(domains.id, emailAccounts.domainId)))
    .where(and(eq(emailAccounts.tenantId, args.tenantId), eq(emailAccounts.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}
export type SendingMailbox = NonNullable<Awaited<ReturnType<typeof mailboxForSend>>>;

/**
 * Counts one send on the mailbox's day unless that passes `cap` (its daily cap or warmup
 * allowance) or the mailbox is no longer active; true when counted. The row lock serializes
 * concurrent reservations, each re-checking the count the previous one committed.
 */
export async function reserveMailboxSend(
  db: Database,
  args: { tenantId: string; id: string; today: string; cap: number },
): Promise<boolean> {
  const countToday = sql`(case when ${emailAccounts.dailyCountDate} = ${args.today}::date then ${emailAccounts.dailyCount} else 0 end)`;
  const rows = await db
    .update(emailAccounts)
    // A counter, not an edit: `updated` stays, so a person's `expectedUpdated` isn't made stale by sends.
    .set({ dailyCount: sql`${countToday} + 1`, dailyCountDate: args.today, updated: sql`${emailAccounts.updated}` })
    .where(
      and(
        eq(emailAccounts.tenantId, args.tenantId),
        eq(emailAccounts.id, args.id),
        eq(emailAccounts.status, "active"),
        sql`${countToday} + 1 <= ${args.cap}`,
      ),
    )
    .returning({ id: emailAccounts.id });
  return rows.length > 0;
}

/** Pauses a mailbox the engine can't send from (login refused); a person sets it active again. */
export async function pauseMailbox(db: Database, args: { tenantId: string; id: string; now: Date }) {
  await db
    .update(emailAccounts)
    .set({ status: "paused", updated: args.now })
    .where(
      and(eq(emailAccounts.tenantId, args.tenantId), eq(emailAccounts.id, args.id), eq(emailAccounts.status, "active")),
    );
}

/** The domain's active IP assignment sent now. */
export async function touchIpAssignment(db: Database, args: { tenantId: string; domainId: string; now: Date }) {
  await db
    .update(domainIpAssignments)
    .set({ lastSent: args.now })
    .where(
      and(
        eq(domainIpAssignments.tenantId, args.tenantId),
        eq(domainIpAssignments.domainId, args.domainId),
        eq(domainIpAssignments.status, "active"),
      ),
    );
}

/** Whether the lead's address is on the tenant's suppression list (address or domain). */
export async function isAddressSuppressed(db: Database, args: { tenantId: string; email: string }) {
  const result = await db.execute(sql`select ${isSuppressed(sql`${args.tenantId}::uuid`, sql`${args.email}`)} as hit`);
  return rowsOf<{ hit: boolean }>(result)[0]?.hit === true;
}

/** Event types of the lead within this campaign since `since` (null: ever). */
export async function enrollmentEventTypes(
  db: Database,
  args: { tenantId: string; campaignLeadId: string; since?: Date | null },
): Promise<Set<string>> {
  const rows = await db
    .selectDistinct({ type: emailEvents.type })
    .from(emailEvents)
    .where(
      and(
        eq(emailEvents.tenantId, args.tenantId),
        eq(emailEvents.campaignLeadId, args.campaignLeadId),
        args.since ? sql`${emailEvents.occurred} >= ${args.since.toISOString()}::timestamptz` : undefined,
      ),
    );
  return new Set(rows.map((r) => r.type));
}

/** Sets the lead's status; `onlyFrom` limits it to leads still in one of those statuses. */
export async function setLeadStatusFrom(
  db: Database,
  args: { tenantId: string; id: string; status: string; onlyFrom?: string[]; now: Date },
) {
  await db
    .update(leads)
    .set({ status: args.status, updated: args.now })
    .where(
      and(
        eq(leads.tenantId, args.tenantId),
        eq(leads.id, args.id),
        args.onlyFrom ? inArray(leads.status, args.onlyFrom) : undefined,
      ),
    );
}

/**
 * Marks the campaign completed when it has enrollments and none is active or paused any more.
 * True when this call completed it.
 */
export async function completeIfFinished(db: Database, args: { tenantId: string; campaignId: string; now: Date }) {
  const rows = await db
    .update(campaigns)
    .set({ status: "completed", completed: args.now, updated: args.now })
    .where(
      and(
        eq(campaigns.tenantId, args.tenantId),
        eq(campaigns.id, args.campaignId),
        eq(campaigns.status, "active"),
        sql`exists (select 1 from ${campaignLeads} where ${campaignLeads.tenantId} = ${args.tenantId}::uuid and ${campaignLeads.campaignId} = ${args.campaignId}::uuid)`,
        sql`not exists (select 1 from ${campaignLeads} where ${campaignLeads.tenantId} = ${args.tenantId}::uuid and ${campaignLeads.campaignId} = ${args.campaignId}::uuid and ${campaignLeads.status} in ('active', 'paused'))`,
      ),
    )
    .returning({ id: campaigns.id });
  return rows.length > 0;
}

/** The campaign's status now: a pause must stop sends that a batch read before it. */
export async function campaignStatusNow(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select({ status: campaigns.status })
    .from(campaigns)
    .where(and(eq(campaigns.tenantId, args.tenantId), eq(campaigns.id, args.id)))
    .limit(1);
  return rows[0]?.status ?? null;
}
