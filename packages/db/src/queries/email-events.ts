import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../client.js";
import { emailEvents } from "../schema/index.js";

/** The events of one message, oldest first. */
export function listMessageEvents(db: Database, args: { tenantId: string; messageId: string }) {
  return db
    .select({ id: emailEvents.id, type: emailEvents.type, occurred: emailEvents.occurred, data: emailEvents.data })
    .from(emailEvents)
    .where(and(eq(emailEvents.tenantId, args.tenantId), eq(emailEvents.messageId, args.messageId)))
    .orderBy(asc(emailEvents.occurred), asc(emailEvents.id));
}
