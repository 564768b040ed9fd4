import type { Database } from "@outbound/db";
import { hasMessageEvent } from "@outbound/db/queries/email-events";
import { insertEmailEvent } from "@outbound/db/queries/engine-messages";
import { getMessageRecipient } from "@outbound/db/queries/messages";
import { aboutMessage, emitWebhookEvent } from "../webhooks/outbox.js";
import { type MessageRef, verifyMessageToken } from "./message-tokens.js";
import { verifyClick } from "./tracking-links.js";

/** Opens and clicks of one message count once an hour: mail clients reload images, people double-click. */
export const TRACKING_DEDUPE_MS = 3_600_000;

export interface TrackingDeps {
  db: Database;
  tokenKey: Buffer;
  now: Date;
}

async function record(deps: TrackingDeps, ref: MessageRef, type: "opened" | "clicked", url?: string) {
  const message = await getMessageRecipient(deps.db, { tenantId: ref.tenantId, id: ref.messageId });
  if (!message) return false;
  const since = new Date(deps.now.getTime() - TRACKING_DEDUPE_MS);
  const seen = await hasMessageEvent(deps.db, { tenantId: ref.tenantId, messageId: message.id, type, since, url });
  if (!seen) {
    await deps.db.transaction(async (tx) => {
      await insertEmailEvent(tx, {
        tenantId: ref.tenantId,
        type,
        occurred: deps.now,
        messageId: message.id,
        leadId: message.leadId,
        campaignId: message.campaignId,
        campaignLeadId: message.campaignLeadId,
        stepId: message.stepId,
        data: url === undefined ? {} : { url },
      });
      await emitWebhookEvent(tx, {
        tenantId: ref.tenantId,
        type: type === "opened" ? "lead.opened" : "lead.clicked",
        data: aboutMessage(message, url === undefined ? {} : { url }),
        now: deps.now,
      });
    });
  }
  return true;
}

/** `GET /t/o/:token`: records `opened` for a valid token of an existing message. */
export async function recordOpen(deps: TrackingDeps, token: string): Promise<boolean> {
  const ref = verifyMessageToken(deps.tokenKey, "open", token);
  return ref ? record(deps, ref, "opened") : false;
}

/** `GET /t/c/:token?u=`: the target to redirect to, once `clicked` is recorded; null for anything not signed so. */
export async function recordClick(deps: TrackingDeps, token: string, target: string): Promise<string | null> {
  const ref = verifyClick(deps.tokenKey, token, target);
  return ref && (await record(deps, ref, "clicked", target)) ? target : null;
}
