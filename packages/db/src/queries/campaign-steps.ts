import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { domains, emailAccounts, campaignSequenceSteps as steps, templates } from "../schema/index.js";

export const stepColumns = {
  id: steps.id,
  campaignId: steps.campaignId,
  stepOrder: steps.stepOrder,
  stepType: steps.stepType,
  emailAccountId: steps.emailAccountId,
  templateId: steps.templateId,
  subjectOverride: steps.subjectOverride,
  fromNameOverride: steps.fromNameOverride,
  waitDurationHours: steps.waitDurationHours,
  waitUntilDate: steps.waitUntilDate,
  conditionType: steps.conditionType,
  conditionValue: steps.conditionValue,
  sendCondition: steps.sendCondition,
  isActive: steps.isActive,
  executedCount: steps.executedCount,
  lastExecuted: steps.lastExecuted,
  created: steps.created,
  updated: steps.updated,
};

const ofCampaign = (args: { tenantId: string; campaignId: string }) =>
  and(eq(steps.tenantId, args.tenantId), eq(steps.campaignId, args.campaignId));
const byId = (args: { tenantId: string; campaignId: string; id: string }) =>
  and(ofCampaign(args), eq(steps.id, args.id));

const joinTemplate = and(eq(templates.tenantId, steps.tenantId), eq(templates.id, steps.templateId));
const joinMailbox = and(eq(emailAccounts.tenantId, steps.tenantId), eq(emailAccounts.id, steps.emailAccountId));
const joinDomain = and(eq(domains.tenantId, emailAccounts.tenantId), eq(domains.id, emailAccounts.domainId));

/** The campaign's steps in order, with their template's name and mailbox's address: one query. */
export async function listSteps(db: Database, args: { tenantId: string; campaignId: string }) {
  return db
    .select({ ...stepColumns, templateName: templates.name, emailAccountEmail: emailAccounts.email })
    .from(steps)
    .leftJoin(templates, joinTemplate)
    .leftJoin(emailAccounts, joinMailbox)
    .where(ofCampaign(args))
    .orderBy(asc(steps.stepOrder));
}

export async function getStep(db: Database, args: { tenantId: string; campaignId: string; id: string }) {
  const rows = await db.select(stepColumns).from(steps).where(byId(args)).limit(1);
  return rows[0] ?? null;
}

/** Ids in step order. */
export async function listStepIds(db: Database, args: { tenantId: string; campaignId: string }) {
  const rows = await db.select({ id: steps.id }).from(steps).where(ofCampaign(args)).orderBy(asc(steps.stepOrder));
  return rows.map((r) => r.id);
}

/** Everything the launch checks read, per step in order: one query. */
export async function listLaunchFacts(db: Database, args: { tenantId: string; campaignId: string }) {
  return db
    .select({
      id: steps.id,
      stepOrder: steps.stepOrder,
      stepType: steps.stepType,
      isActive: steps.isActive,
      templateId: steps.templateId,
      templateFound: sql<boolean>`${templates.id} is not null`,
      emailAccountId: steps.emailAccountId,
      mailboxEmail: emailAccounts.email,
      mailboxStatus: emailAccounts.status,
      domainName: domains.domain,
      domainStatus: domains.verificationStatus,
      subjectOverride: steps.subjectOverride,
      fromNameOverride: steps.fromNameOverride,
      waitDurationHours: steps.waitDurationHours,
      waitUntilDate: steps.waitUntilDate,
      conditionType: steps.conditionType,
      conditionValue: steps.conditionValue,
      sendCondition: steps.sendCondition,
    })
    .from(steps)
    .leftJoin(templates, joinTemplate)
    .leftJoin(emailAccounts, joinMailbox)
    .leftJoin(domains, joinDomain)
    .where(ofCampaign(args))
    .orderBy(asc(steps.stepOrder));
}

/** Email steps in order with their template's text, for rendering. */
export async function listEmailStepsWithTemplates(db: Database, args: { tenantId: string; campaignId: string }) {
  return db
    .select({
      id: steps.id,
      stepOrder: steps.stepOrder,
      isActive: steps.isActive,
      templateId: templates.id,
      subject: templates.subject,
      content: templates.content,
      subjectOverride: steps.subjectOverride,
      fromNameOverride: steps.fromNameOverride,
      emailAccountEmail: emailAccounts.email,
    })
    .from(steps)
    .leftJoin(templates, joinTemplate)
    .leftJoin(emailAccounts, joinMailbox)
    .where(and(ofCampaign(args), eq(steps.stepType, "email")))
    .orderBy(asc(steps.stepOrder));
}

export async function countSteps(db: Database, args: { tenantId: string; campaignId: string }): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(steps).where(ofCampaign(args));
  return row?.n ?? 0;
}

export interface StepFields {
  emailAccountId?: string | null | undefined;
  templateId?: string | null | undefined;
  subjectOverride?: string | null | undefined;
  fromNameOverride?: string | null | undefined;
  waitDurationHours?: number | null | undefined;
  waitUntilDate?: Date | null | undefined;
  conditionType?: string | null | undefined;
  conditionValue?: string | null | undefined;
  sendCondition?: string | null | undefined;
  isActive?: boolean | undefined;
}

export async function insertStep(
  db: Database,
  args: StepFields & { tenantId: string; campaignId: string; stepOrder: number; stepType: string },
) {
  const [row] = await db.insert(steps).values(args).returning(stepColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

/**
 * Moves every step at or after `from` by `by` (+1 or -1). The unique (tenant, campaign,
 * step_order) is checked row by row, so one `step_order + 1` could collide halfway: the rows
 * first go to negative orders, then to their final ones. Callers hold the campaign lock.
 */
export async function shiftSteps(
  db: Database,
  args: { tenantId: string; campaignId: string; from: number; by: 1 | -1 },
): Promise<void> {
  await db
    .update(steps)
    .set({ stepOrder: sql`-(${steps.stepOrder} + ${args.by})` })
    .where(and(ofCampaign(args), gte(steps.stepOrder, args.from)));
  await db
    .update(steps)
    .set({ stepOrder: sql`-${steps.stepOrder}`, updated: new Date() })
    .where(and(ofCampaign(args), lt(steps.stepOrder, 0)));
}

/**
 * Gives the steps orders 1..n in the order of `ids`, which the caller has checked is a
 * permutation of the campaign's steps; same negative-first trick as `shiftSteps`.
 */
export async function reorderSteps(db: Database, args: { tenantId: string; campaignId: string; ids: string[] }) {
  await db
    .update(steps)
    .set({ stepOrder: sql`-${steps.stepOrder}` })
    .where(ofCampaign(args));
  const idArray = sql`array[${sql.join(
    args.ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
  await db.execute(sql`
    update campaign_sequence_steps s set step_order = x.ord, updated = now()
    from unnest(${idArray}) with ordinality as x(id, ord)
    where s.tenant_id = ${args.tenantId}::uuid and s.campaign_id = ${args.campaignId}::uuid and s.id = x.id`);
}

/** Null when the step is not in the tenant's campaign. */
export async function updateStep(
  db: Database,
  args: { tenantId: string; campaignId: string; id: string; patch: StepFields },
) {
  const rows = await db
    .update(steps)
    .set({ ...args.patch, updated: new Date() })
    .where(byId(args))
    .returning(stepColumns);
  return rows[0] ?? null;
}

export async function deleteStep(db: Database, args: { tenantId: string; campaignId: string; id: string }) {
  const rows = await db.delete(steps).where(byId(args)).returning({ id: steps.id, stepOrder: steps.stepOrder });
  return rows[0] ?? null;
}

/** One more execution of the step, atomically; null when the step is not in the tenant's campaign. */
export async function incrementStepExecution(
  db: Database,
  args: { tenantId: string; campaignId: string; id: string; now: Date },
) {
  const rows = await db
    .update(steps)
    .set({ executedCount: sql`${steps.executedCount} + 1`, lastExecuted: args.now })
    .where(byId(args))
    .returning({ id: steps.id, executedCount: steps.executedCount, lastExecuted: steps.lastExecuted });
  return rows[0] ?? null;
}
