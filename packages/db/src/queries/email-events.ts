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

/** Whether the message already has an event of this type (events a person can repeat are recorded once). */
export async function hasMessageEvent(
  db: Database,
  args: { tenantId: string; messageId: string; type: EmailEventType },
): Promise<boolean> {
  const rows = await db
    .select({ id: emailEvents.id })
    .from(emailEvents)
    .where(
      and(
        eq(emailEvents.tenantId, args.tenantId),
        eq(emailEvents.messageId, args.messageId),
        eq(emailEvents.type, args.type),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/** Whether the message has an event of this type since `since` (for the link `url` when given, read from `data`). */
export async function hasMessageEventSince(
  db: Database,
  args: { tenantId: string; messageId: string; type: EmailEventType; since: Date; url?: string },
): Promise<boolean> {
  const rows = await db
    .select({ id: emailEvents.id })
    .from(emailEvents)
    .where(
      and(
        eq(emailEvents.tenantId, args.tenantId),
        eq(emailEvents.messageId, args.messageId),
        eq(emailEvents.type, args.type),
        gte(emailEvents.occurred, args.since),
        args.url === undefined ? undefined : sql`${emailEvents.data}->>'url' = ${args.url}`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
