import type { Database } from "../client.js";
import { webhookEvents } from "../schema/index.js";

/**
 * Records a webhook event as applied; false when it already was. Called first in the
 * transaction of its effect, so a concurrent duplicate waits on the row and then sees it.
 */
export async function claimWebhookEvent(db: Database, args: { id: string; source: string; type: string }) {
  const rows = await db.insert(webhookEvents).values(args).onConflictDoNothing().returning({ id: webhookEvents.id });
  return rows.length > 0;
}
