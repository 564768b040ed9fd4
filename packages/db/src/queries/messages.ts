import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Database } from "../client.js";
import { messages } from "../schema/index.js";
import { toPage } from "./pagination.js";

/** A message in a list: everything but the rendered content and headers, which only `getMessage` reads. */
export const messageSummaryColumns = {
  id: messages.id,
  campaignId: messages.campaignId,
  stepId: messages.stepId,
  leadId: messages.leadId,
  campaignLeadId: messages.campaignLeadId,
  emailAccountId: messages.emailAccountId,
  messageId: messages.messageId,
  inReplyTo: messages.inReplyTo,
  fromEmail: messages.fromEmail,
  toEmail: messages.toEmail,
  subject: messages.subject,
  status: messages.status,
  smtpResponse: messages.smtpResponse,
  attempts: messages.attempts,
  sentAt: messages.sentAt,
  created: messages.created,
  updated: messages.updated,
};

export interface ListMessagesArgs {
  tenantId: string;
  limit: number;
  cursor?: string | undefined;
  campaignId?: string | undefined;
  leadId?: string | undefined;
  emailAccountId?: string | undefined;
  status?: string | undefined;
}

/** Newest first, keyset by id (UUIDv7 follows creation). */
export async function listMessages(db: Database, args: ListMessagesArgs) {
  const conditions: SQL[] = [eq(messages.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(messages.id, args.cursor));
  if (args.campaignId) conditions.push(eq(messages.campaignId, args.campaignId));
  if (args.leadId) conditions.push(eq(messages.leadId, args.leadId));
  if (args.emailAccountId) conditions.push(eq(messages.emailAccountId, args.emailAccountId));
  if (args.status) conditions.push(eq(messages.status, args.status));
  const rows = await db
    .select(messageSummaryColumns)
    .from(messages)
    .where(and(...conditions))
    .orderBy(desc(messages.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

/** The message as sent: headers, rendered subject and bodies, SMTP response. */
export async function getMessage(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select({ ...messageSummaryColumns, headers: messages.headers, body: messages.body, textBody: messages.textBody })
    .from(messages)
    .where(and(eq(messages.tenantId, args.tenantId), eq(messages.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}

/** Who a message went to and what it belongs to, for the events its links and replies cause. */
export async function getMessageRecipient(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select({
      id: messages.id,
      campaignId: messages.campaignId,
      stepId: messages.stepId,
      leadId: messages.leadId,
      campaignLeadId: messages.campaignLeadId,
      toEmail: messages.toEmail,
      fromEmail: messages.fromEmail,
    })
    .from(messages)
    .where(and(eq(messages.tenantId, args.tenantId), eq(messages.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}
