import { suppressAddress } from "@outbound/api/services/outreach/suppressions";
import { aboutMessage, emitWebhookEvent } from "@outbound/api/services/webhooks/outbox";
import type { Database } from "@outbound/db";
import { setLeadStatusFrom } from "@outbound/db/queries/engine-enrollments";
import { insertEmailEvent } from "@outbound/db/queries/engine-messages";
import {
  type AnsweredMessage,
  endRepliedEnrollment,
  findMessagesByMessageIds,
  insertInboundReceipt,
} from "@outbound/db/queries/inbound";
import { completeCampaignIfFinished } from "../campaign-completion.js";
import { recordHardBounce } from "../hard-bounce.js";
import { bounceSeverity, type ClassifiedInbound } from "./classify.js";

export type InboundResult =
  | "replied"
  | "auto_replied"
  | "bounced"
  | "soft_bounced"
  | "complained"
  | "unsubscribed"
  | "duplicate"
  | "ignored";

export interface InboundEmail {
  tenantId: string;
  /** The mailbox it arrived in. */
  emailAccountId: string;
  uidValidity: number;
  uid: number;
  classified: ClassifiedInbound;
}

const SUBJECT_KEPT = 300;

/** Our message it answers: the first candidate Message-ID that is one of the tenant's messages. */
function answered(classified: ClassifiedInbound, found: AnsweredMessage[]): AnsweredMessage | null {
  for (const id of classified.references) {
    const hit = found.find((m) => m.messageId === id);
    if (hit) return hit;
  }
  return null;
}

/**
 * Acts on one classified inbound email, once: the receipt keyed by its Message-ID (or its place
 * in the mailbox when it has none) is written first in the transaction of the effects, so
 * handling it again after a crash finds the receipt and does nothing. Only the tenant's own
 * messages match; anything else is ignored.
 */
export async function applyInbound(db: Database, email: InboundEmail, now: Date): Promise<InboundResult> {
  const { tenantId, classified } = email;
  const { type } = classified;
  const severity = type.kind === "dsn" ? bounceSeverity(type) : null;
  if (severity === "none" || type.kind === "other") return "ignored";
  const found = await findMessagesByMessageIds(db, { tenantId, messageIds: classified.references });
  const message = answered(classified, found);
  if (!message) return "ignored";

  const kind: Exclude<InboundResult, "duplicate" | "ignored" | "unsubscribed"> =
    type.kind === "reply"
      ? "replied"
      : type.kind === "auto_reply"
        ? "auto_replied"
        : type.kind === "complaint"
          ? "complained"
          : severity === "hard"
            ? "bounced"
            : "soft_bounced";
  const dedupKey = classified.messageId
    ? `message-id:${classified.messageId}`
    : `uid:${email.emailAccountId}:${email.uidValidity}:${email.uid}`;
  const ref = {
    tenantId,
    messageId: message.id,
    leadId: message.leadId,
    campaignId: message.campaignId,
    campaignLeadId: message.campaignLeadId,
    stepId: message.stepId,
  };
  const about = {
    inboundMessageId: classified.messageId,
    subject: classified.subject.slice(0, SUBJECT_KEPT),
    emailAccountId: email.emailAccountId,
  };
  let ended = false;
  const applied = await db.transaction(async (tx) => {
    const first = await insertInboundReceipt(tx, {
      tenantId,
      emailAccountId: email.emailAccountId,
      dedupKey,
      kind,
      messageId: message.id,
      now,
    });
    if (!first) return false;
    switch (kind) {
      case "replied":
        await insertEmailEvent(tx, { ...ref, type: "replied", occurred: now, data: about });
        await emitWebhookEvent(tx, {
          tenantId,
          type: "lead.replied",
          data: aboutMessage(message, { subject: about.subject }),
          now,
        });
        await setLeadStatusFrom(tx, {
          tenantId,
          id: message.leadId,
          status: "replied",
          onlyFrom: ["new", "contacted"],
          now,
        });
        if (message.stopOnReply) ended = await endRepliedEnrollment(tx, { tenantId, id: message.campaignLeadId, now });
        break;
      case "auto_replied":
        await insertEmailEvent(tx, {
          ...ref,
          type: "auto_replied",
          occurred: now,
          data: { ...about, reason: type.kind === "auto_reply" ? type.reason : null },
        });
        break;
      case "bounced": {
        // A message the SMTP conversation already bounced has had its bounce recorded.
        if (message.status === "bounced") break;
        const dsn = type.kind === "dsn" ? type : null;
        const response = `DSN ${dsn?.status ?? "failed"}${dsn?.diagnostic ? `: ${dsn.diagnostic}` : ""}`.slice(0, 500);
        await recordHardBounce(tx, {
          message: { ...ref, id: message.id, toEmail: message.toEmail },
          response,
          now,
          data: { dsn: true, status: dsn?.status ?? null, ...about },
        });
        ended = true;
        break;
      }
      case "complained":
        // Marked as spam by the recipient: never mail this address again, in any campaign.
        await insertEmailEvent(tx, {
          ...ref,
          type: "complained",
          occurred: now,
          data: { ...about, feedbackType: type.kind === "complaint" ? type.feedbackType : null },
        });
        await setLeadStatusFrom(tx, { tenantId, id: message.leadId, status: "unsubscribed", now });
        await suppressAddress(tx, { tenantId, value: message.toEmail, reason: "complained", now });
        ended = true;
        break;
      case "soft_bounced":
        await insertEmailEvent(tx, {
          ...ref,
          type: "bounced",
          occurred: now,
          data: { soft: true, status: type.kind === "dsn" ? type.status : null, ...about },
        });
        break;
    }
    return true;
  });
  if (!applied) return "duplicate";
  if (ended) await completeCampaignIfFinished(db, { tenantId, campaignId: message.campaignId, now });
  return kind;
}
