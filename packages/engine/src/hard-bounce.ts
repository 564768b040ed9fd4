import { suppressAddress } from "@outbound/api/services/outreach/suppressions";
import { aboutMessage, emitWebhookEvent } from "@outbound/api/services/webhooks/outbox";
import type { Database } from "@outbound/db";
import { setLeadStatusFrom } from "@outbound/db/queries/engine-enrollments";
import { finishAttempt, insertEmailEvent } from "@outbound/db/queries/engine-messages";

/** The message a hard bounce is about, and its place in a campaign. */
export interface BouncedMessage {
  tenantId: string;
  /** Our id of the message row. */
  id: string;
  leadId: string;
  campaignId: string;
  campaignLeadId: string;
  stepId: string;
  toEmail: string;
}

/**
 * A hard bounce, whether the receiving server refused the message with a 5xx during the SMTP
 * conversation or reported it later in a delivery status notification: message and lead
 * `bounced`, a `bounced` event, the address suppressed (which ends every open enrollment of it).
 * Run it inside the caller's transaction.
 */
export async function recordHardBounce(
  tx: Database,
  args: { message: BouncedMessage; response: string; now: Date; data?: Record<string, unknown> },
): Promise<void> {
  const { message, now } = args;
  const { tenantId } = message;
  await finishAttempt(tx, { tenantId, id: message.id, status: "bounced", smtpResponse: args.response, now });
  await insertEmailEvent(tx, {
    tenantId,
    messageId: message.id,
    leadId: message.leadId,
    campaignId: message.campaignId,
    campaignLeadId: message.campaignLeadId,
    stepId: message.stepId,
    type: "bounced",
    occurred: now,
    data: { hard: true, response: args.response, ...args.data },
  });
  await setLeadStatusFrom(tx, { tenantId, id: message.leadId, status: "bounced", now });
  await suppressAddress(tx, { tenantId, value: message.toEmail, reason: "bounced", now });
  await emitWebhookEvent(tx, {
    tenantId,
    type: "message.bounced",
    data: aboutMessage(message, { response: args.response }),
    now,
  });
}
