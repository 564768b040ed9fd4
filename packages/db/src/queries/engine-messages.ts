import { and, eq, gte, isNull, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { type EmailEventType, emailEvents, messages } from "../schema/index.js";

const byId = (args: { tenantId: string; id: string }) =>
  and(eq(messages.tenantId, args.tenantId), eq(messages.id, args.id));

/** The message of this enrollment's step, if the engine ever wrote one. */
export async function findStepMessage(
  db: Database,
  args: { tenantId: string; campaignLeadId: string; stepId: string },
) {
  const rows = await db
    .select({
      id: messages.id,
      status: messages.status,
      attempts: messages.attempts,
      sendingSince: messages.sendingSince,
      created: messages.created,
      messageId: messages.messageId,
      emailAccountId: messages.emailAccountId,
      fromEmail: messages.fromEmail,
      toEmail: messages.toEmail,
      subject: messages.subject,
      body: messages.body,
      textBody: messages.textBody,
      headers: messages.headers,
      inReplyTo: messages.inReplyTo,
    })
    .from(messages)
    .where(
      and(
        eq(messages.tenantId, args.tenantId),
        eq(messages.campaignLeadId, args.campaignLeadId),
        eq(messages.stepId, args.stepId),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}
export type StepMessage = NonNullable<Awaited<ReturnType<typeof findStepMessage>>>;

export interface NewMessage {
  id: string;
  tenantId: string;
  campaignId: string;
  stepId: string;
  leadId: string;
  campaignLeadId: string;
  emailAccountId: string;
  messageId: string;
  inReplyTo: string | null;
  fromEmail: string;
  toEmail: string;
  subject: string;
  body: string;
  textBody: string;
  headers: Record<string, string>;
  now: Date;
}

/**
 * Writes the step's message as `queued` with its first attempt under way, before any SMTP
 * conversation; false when the enrollment already has a message for this step (the unique
 * `(campaign_lead_id, step_id)` key makes a second send of a step impossible).
 */
export async function insertQueuedMessage(db: Database, message: NewMessage): Promise<boolean> {
  const { now, ...values } = message;
  const rows = await db
    .insert(messages)
    .values({ ...values, status: "queued", attempts: 1, sendingSince: now, created: now, updated: now })
    .onConflictDoNothing()
    .returning({ id: messages.id });
  return rows.length > 0;
}

/** Starts another attempt of a queued message that is not being sent; false if it is (or is no longer queued). */
export async function startRetryAttempt(db: Database, args: { tenantId: string; id: string; now: Date }) {
  const rows = await db
    .update(messages)
    .set({ attempts: sql`${messages.attempts} + 1`, sendingSince: args.now, updated: args.now })
    .where(and(byId(args), eq(messages.status, "queued"), isNull(messages.sendingSince)))
    .returning({ attempts: messages.attempts });
  return rows[0]?.attempts ?? null;
}

/** The outcome of the attempt under way: the message leaves the "sending" state. */
export async function finishAttempt(
  db: Database,
  args: {
    tenantId: string;
    id: string;
    status: "queued" | "sent" | "failed" | "bounced";
    smtpResponse: string;
    now: Date;
  },
) {
  await db
    .update(messages)
    .set({
      status: args.status,
      smtpResponse: args.smtpResponse.slice(0, 2000),
      sendingSince: null,
      sentAt: args.status === "sent" ? args.now : undefined,
      updated: args.now,
    })
    .where(byId(args));
}

/** First-step emails of the campaign written since `since` (the campaign's daily limit counts these). */
export async function countFirstMessagesSince(
  db: Database,
  args: { tenantId: string; campaignId: string; since: Date },
) {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(messages)
    .where(
      and(
        eq(messages.tenantId, args.tenantId),
        eq(messages.campaignId, args.campaignId),
        gte(messages.created, args.since),
        isNull(messages.inReplyTo),
      ),
    );
  return Number(rows[0]?.n ?? 0);
}

export interface NewEmailEvent {
  tenantId: string;
  type: EmailEventType;
  occurred: Date;
  messageId?: string | null;
  leadId?: string | null;
  campaignId?: string | null;
  campaignLeadId?: string | null;
  stepId?: string | null;
  data?: Record<string, unknown>;
}

export async function insertEmailEvent(db: Database, event: NewEmailEvent) {
  const rows = await db.insert(emailEvents).values(event).returning({ id: emailEvents.id });
  return rows[0]?.id ?? null;
}
