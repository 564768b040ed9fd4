import type { Database } from "@outbound/db";
import { hasMessageEvent } from "@outbound/db/queries/email-events";
import { setLeadStatusFrom } from "@outbound/db/queries/engine-enrollments";
import { insertEmailEvent } from "@outbound/db/queries/engine-messages";
import { getMessageRecipient } from "@outbound/db/queries/messages";
import { aboutMessage, emitWebhookEvent } from "../webhooks/outbox.js";
import { verifyMessageToken } from "./message-tokens.js";
import { suppressAddress } from "./suppressions.js";

export interface UnsubscribeDeps {
  db: Database;
  tokenKey: Buffer;
  now: Date;
}

/** The message an unsubscribe token names, or null for a forged, altered or stale one. */
export async function unsubscribeTarget(deps: Pick<UnsubscribeDeps, "db" | "tokenKey">, token: string) {
  const ref = verifyMessageToken(deps.tokenKey, "unsubscribe", token);
  const message = ref ? await getMessageRecipient(deps.db, { tenantId: ref.tenantId, id: ref.messageId }) : null;
  return ref && message ? { tenantId: ref.tenantId, ...message } : null;
}

/**
 * The one-click unsubscribe (RFC 8058) and its mailto form: the recipient's address is suppressed
 * in the tenant, which ends every open enrollment of it in every campaign, the lead becomes
 * `unsubscribed`, and the message gets one `unsubscribed` event, however often the link is used.
 * Null when the token names no message of ours.
 */
export async function unsubscribeByToken(deps: UnsubscribeDeps, token: string, via: "link" | "mailto" = "link") {
  const target = await unsubscribeTarget(deps, token);
  if (!target) return null;
  const { tenantId } = target;
  const { now } = deps;
  return deps.db.transaction(async (tx) => {
    const suppression = await suppressAddress(tx, { tenantId, value: target.toEmail, reason: "unsubscribed", now });
    await setLeadStatusFrom(tx, { tenantId, id: target.leadId, status: "unsubscribed", now });
    const first = !(await hasMessageEvent(tx, { tenantId, messageId: target.id, type: "unsubscribed" }));
    if (first) {
      await insertEmailEvent(tx, {
        tenantId,
        type: "unsubscribed",
        occurred: now,
        messageId: target.id,
        leadId: target.leadId,
        campaignId: target.campaignId,
        campaignLeadId: target.campaignLeadId,
        stepId: target.stepId,
        data: { via },
      });
      await emitWebhookEvent(tx, {
        tenantId,
        type: "lead.unsubscribed",
        data: aboutMessage(target, { via }),
        now,
      });
    }
    return { email: target.toEmail, first, enrollmentsEnded: suppression.enrollmentsEnded };
  });
}
