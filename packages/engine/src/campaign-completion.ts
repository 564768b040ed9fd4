import { emitWebhookEvent } from "@outbound/api/services/webhooks/outbox";
import type { Database } from "@outbound/db";
import { completeIfFinished } from "@outbound/db/queries/engine-enrollments";

/**
 * Marks the campaign `completed` once none of its enrollments is open, and in the same
 * transaction queues `campaign.completed` for the tenant's webhooks. True when this call completed it.
 */
export async function completeCampaignIfFinished(
  db: Database,
  args: { tenantId: string; campaignId: string; now: Date },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await completeIfFinished(tx, args))) return false;
    await emitWebhookEvent(tx, {
      tenantId: args.tenantId,
      type: "campaign.completed",
      data: { campaignId: args.campaignId },
      now: args.now,
    });
    return true;
  });
}
