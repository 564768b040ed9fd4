import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { type EmailEventType, emailEvents } from "../schema/index.js";

/** The events of one message, oldest first. */
export function listMessageEvents(db: Database, args: { tenantId: string; messageId: string }) {
  return db
    .select({ id: emailEvents.id, type: emailEvents.type, occurred: emailEvents.occurred, data: emailEvents.data })
    .from(emailEvents)
    .where(and(eq(emailEvents.tenantId, args.tenantId), eq(emailEvents.messageId, args.messageId)))
    .orderBy(asc(emailEvents.occurred), asc(emailEvents.id));
}

/**
 * Whether the message has an event of this type (events a person can repeat are recorded once):
 * at all, or since `since`, and for the link `url` (read from `data`) when given.
 */
export async function hasMessageEvent(
  db: Database,
  args: { tenantId: string; messageId: string; type: EmailEventType; since?: Date; url?: string },
): Promise<boolean> {
  const rows = await db
    .select({ id: emailEvents.id })
    .from(emailEvents)
    .where(
      and(
        eq(emailEvents.tenantId, args.tenantId),
        eq(emailEvents.messageId, args.messageId),
        eq(emailEvents.type, args.type),
        args.since === undefined ? undefined : gte(emailEvents.occurred, args.since),
        args.url === undefined ? undefined : sql`${emailEvents.data}->>'url' = ${args.url}`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
