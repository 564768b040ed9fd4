import { type Database, newId } from "@outbound/db";
import { endpointsFor, insertDeliveries } from "@outbound/db/queries/webhooks";
import type { WebhookEventType } from "@outbound/db/schema";

/**
 * The outbox: one delivery row per subscribed endpoint, written with `db` — the transaction
 * that records the fact the event reports — so an event is never sent for something that
 * rolled back, nor lost for something that committed. The dispatcher sends them afterwards.
 */
export async function emitWebhookEvent(
  db: Database,
  args: { tenantId: string; type: WebhookEventType; data: Record<string, unknown>; now: Date },
): Promise<string | null> {
  const endpoints = await endpointsFor(db, { tenantId: args.tenantId, type: args.type });
  if (endpoints.length === 0) return null;
  const eventId = newId();
  const payload = { id: eventId, type: args.type, created: args.now.toISOString(), data: args.data };
  await insertDeliveries(
    db,
    endpoints.map((endpoint) => ({
      tenantId: args.tenantId,
      endpointId: endpoint.id,
      eventId,
      eventType: args.type,
      payload,
      nextAttemptAt: args.now,
    })),
  );
  return eventId;
}

/** The message a webhook event is about, as every such event names it; `facts` adds the event's own. */
export function aboutMessage(
  message: { id: string; leadId: string; campaignId: string; stepId: string; toEmail: string },
  facts: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    messageId: message.id,
    leadId: message.leadId,
    campaignId: message.campaignId,
    stepId: message.stepId,
    email: message.toEmail,
    ...facts,
  };
}
