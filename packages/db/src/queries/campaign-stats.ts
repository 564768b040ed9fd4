import { and, asc, desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { campaignLeads, campaignSequenceSteps, emailEvents, messages } from "../schema/index.js";

/**
 * The grouped counts behind `campaigns.stats`: one statement per table, whatever the number of
 * steps or leads. Each function is scoped to one campaign of one tenant.
 */
type CampaignScope = { tenantId: string; campaignId: string };

export function listStatsSteps(db: Database, args: CampaignScope) {
  return db
    .select({
      stepId: campaignSequenceSteps.id,
      stepOrder: campaignSequenceSteps.stepOrder,
      stepType: campaignSequenceSteps.stepType,
    })
    .from(campaignSequenceSteps)
    .where(
      and(eq(campaignSequenceSteps.tenantId, args.tenantId), eq(campaignSequenceSteps.campaignId, args.campaignId)),
    )
    .orderBy(asc(campaignSequenceSteps.stepOrder));
}

/** Messages by step and status. */
export function countMessagesByStep(db: Database, args: CampaignScope) {
  return db
    .select({ stepId: messages.stepId, status: messages.status, n: sql<number>`count(*)::int` })
    .from(messages)
    .where(and(eq(messages.tenantId, args.tenantId), eq(messages.campaignId, args.campaignId)))
    .groupBy(messages.stepId, messages.status);
}

/**
 * Events by step and type, each message counted once per type (ten opens of one email are one
 * open); an event without a message counts once per enrollment. `stepId` is null for events
 * tied to no step (an unsubscribe from the page, say).
 */
export function countEventsByStep(db: Database, args: CampaignScope) {
  return db
    .select({
      stepId: emailEvents.stepId,
      type: emailEvents.type,
      n: sql<number>`count(distinct coalesce(${emailEvents.messageId}, ${emailEvents.campaignLeadId}, ${emailEvents.id}))::int`,
    })
    .from(emailEvents)
    .where(and(eq(emailEvents.tenantId, args.tenantId), eq(emailEvents.campaignId, args.campaignId)))
    .groupBy(emailEvents.stepId, emailEvents.type);
}

export function countEnrollmentsByStatus(db: Database, args: CampaignScope) {
  return db
    .select({ status: campaignLeads.status, n: sql<number>`count(*)::int` })
    .from(campaignLeads)
    .where(and(eq(campaignLeads.tenantId, args.tenantId), eq(campaignLeads.campaignId, args.campaignId)))
    .groupBy(campaignLeads.status);
}

/** What holds active enrollments back (quota, cap, paused mailbox), most common first. */
export function countLastErrors(db: Database, args: CampaignScope & { limit: number }) {
  const n = sql<number>`count(*)::int`;
  return db
    .select({ error: sql<string>`${campaignLeads.lastError}`, count: n })
    .from(campaignLeads)
    .where(
      and(
        eq(campaignLeads.tenantId, args.tenantId),
        eq(campaignLeads.campaignId, args.campaignId),
        eq(campaignLeads.status, "active"),
        isNotNull(campaignLeads.lastError),
      ),
    )
    .groupBy(campaignLeads.lastError)
    .orderBy(desc(n), asc(campaignLeads.lastError))
    .limit(args.limit);
}
