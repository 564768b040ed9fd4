import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { type WebhookEventType, webhookAttempts, webhookDeliveries, webhookEndpoints } from "../schema/index.js";
import { toPage } from "./pagination.js";
import { rowsOf } from "./raw-rows.js";

export const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  description: webhookEndpoints.description,
  events: webhookEndpoints.events,
  status: webhookEndpoints.status,
  disabledReason: webhookEndpoints.disabledReason,
  failingSince: webhookEndpoints.failingSince,
  created: webhookEndpoints.created,
  updated: webhookEndpoints.updated,
};

type Scope = { tenantId: string; id: string };
const endpointKey = (args: Scope) =>
  and(eq(webhookEndpoints.tenantId, args.tenantId), eq(webhookEndpoints.id, args.id));

export async function insertEndpoint(
  db: Database,
  values: { id: string; tenantId: string; url: string; events: WebhookEventType[]; description?: string | null },
) {
  const [row] = await db.insert(webhookEndpoints).values(values).returning(endpointColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

export async function listEndpoints(db: Database, args: { tenantId: string }) {
  return db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.tenantId, args.tenantId))
    .orderBy(desc(webhookEndpoints.id));
}

export async function getEndpoint(db: Database, args: Scope) {
  const rows = await db
    .select({ ...endpointColumns, previousSecretExpires: webhookEndpoints.previousSecretExpires })
    .from(webhookEndpoints)
    .where(endpointKey(args))
    .limit(1);
  return rows[0] ?? null;
}

export async function updateEndpoint(
  db: Database,
  args: Scope & {
    values: Partial<{
      url: string;
      description: string | null;
      events: WebhookEventType[];
      status: string;
      disabledReason: string | null;
      previousSecretExpires: Date | null;
      failingSince: Date | null;
    }>;
  },
) {
  const [row] = await db.update(webhookEndpoints).set(args.values).where(endpointKey(args)).returning(endpointColumns);
  return row ?? null;
}

export async function deleteEndpoint(db: Database, args: Scope) {
  const rows = await db.delete(webhookEndpoints).where(endpointKey(args)).returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** Active endpoints of the tenant that subscribed to `type`. */
export async function endpointsFor(db: Database, args: { tenantId: string; type: WebhookEventType }) {
  return db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.tenantId, args.tenantId),
        eq(webhookEndpoints.status, "active"),
        sql`${webhookEndpoints.events} @> ${JSON.stringify([args.type])}::jsonb`,
      ),
    );
}

export type NewDelivery = typeof webhookDeliveries.$inferInsert;

export async function insertDeliveries(db: Database, rows: NewDelivery[]) {
  if (rows.length === 0) return [];
  return db.insert(webhookDeliveries).values(rows).returning({ id: webhookDeliveries.id });
}

export const deliveryColumns = {
  id: webhookDeliveries.id,
  endpointId: webhookDeliveries.endpointId,
  eventId: webhookDeliveries.eventId,
  eventType: webhookDeliveries.eventType,
  status: webhookDeliveries.status,
  attempts: webhookDeliveries.attempts,
  nextAttemptAt: webhookDeliveries.nextAttemptAt,
  lastStatusCode: webhookDeliveries.lastStatusCode,
  lastError: webhookDeliveries.lastError,
  deliveredAt: webhookDeliveries.deliveredAt,
  created: webhookDeliveries.created,
};

export async function listDeliveries(
  db: Database,
  args: { tenantId: string; endpointId: string; limit: number; cursor?: string | undefined },
) {
  const rows = await db
    .select(deliveryColumns)
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.tenantId, args.tenantId),
        eq(webhookDeliveries.endpointId, args.endpointId),
        args.cursor ? lt(webhookDeliveries.id, args.cursor) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getDelivery(db: Database, args: Scope) {
  const rows = await db
    .select({ ...deliveryColumns, payload: webhookDeliveries.payload })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.tenantId, args.tenantId), eq(webhookDeliveries.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function listAttempts(db: Database, args: { tenantId: string; deliveryIds: string[] }) {
  if (args.deliveryIds.length === 0) return [];
  return db
    .select({
      deliveryId: webhookAttempts.deliveryId,
      attempted: webhookAttempts.attempted,
      statusCode: webhookAttempts.statusCode,
      latencyMs: webhookAttempts.latencyMs,
      error: webhookAttempts.error,
      responseExcerpt: webhookAttempts.responseExcerpt,
    })
    .from(webhookAttempts)
    .where(
      and(
        eq(webhookAttempts.tenantId, args.tenantId),
        sql`${webhookAttempts.deliveryId} in (${sql.join(
          args.deliveryIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      ),
    )
    .orderBy(webhookAttempts.attempted);
}

/** A leased due delivery with what sending it needs. */
export interface DueDelivery {
  tenantId: string;
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: Record<string, unknown>;
  attempts: number;
  created: Date;
  url: string;
  endpointStatus: string;
  previousSecretExpires: Date | null;
  failingSince: Date | null;
}

/**
 * Leases up to `limit` due pending deliveries until `until` in one statement (SKIP LOCKED, and the
 * lease itself keeps a second claim in the same session from taking them again).
 */
export async function claimDueDeliveries(
  db: Database,
  args: {
    now: Date;
    until: Date;
    limit: number;
    only?: { tenantId: string; id: string };
    /** Only these tenants' deliveries (tests sharing one database); all tenants when absent. */
    tenantIds?: readonly string[] | undefined;
  },
) {
  const now = args.now.toISOString();
  const only = args.only ? sql`and d.tenant_id = ${args.only.tenantId}::uuid and d.id = ${args.only.id}::uuid` : sql``;
  const tenants = args.tenantIds
    ? sql`and d.tenant_id in (${sql.join(
        args.tenantIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  const result = await db.execute(sql`
    with due as (
      select d.tenant_id, d.id from webhook_deliveries d
      where d.status = 'pending' and d.next_attempt_at <= ${now}::timestamptz
        and (d.locked_until is null or d.locked_until < ${now}::timestamptz)
        ${only}
        ${tenants}
      order by d.next_attempt_at
      limit ${args.limit}
      for update skip locked)
    update webhook_deliveries d set locked_until = ${args.until.toISOString()}::timestamptz
    from due, webhook_endpoints e
    where d.tenant_id = due.tenant_id and d.id = due.id and e.tenant_id = d.tenant_id and e.id = d.endpoint_id
    returning d.tenant_id, d.id, d.endpoint_id, d.event_id, d.event_type, d.payload, d.attempts, d.created,
      e.url, e.status as endpoint_status, e.previous_secret_expires, e.failing_since`);
  const date = (value: unknown) => (value === null ? null : new Date(value as string));
  return rowsOf<Record<string, unknown>>(result).map(
    (r): DueDelivery => ({
      tenantId: r.tenant_id as string,
      id: r.id as string,
      endpointId: r.endpoint_id as string,
      eventId: r.event_id as string,
      eventType: r.event_type as string,
      payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
      attempts: Number(r.attempts),
      created: date(r.created) as Date,
      url: r.url as string,
      endpointStatus: r.endpoint_status as string,
      previousSecretExpires: date(r.previous_secret_expires),
      failingSince: date(r.failing_since),
    }),
  );
}

export async function insertAttempt(db: Database, attempt: typeof webhookAttempts.$inferInsert) {
  await db.insert(webhookAttempts).values(attempt);
}

/** Ends or reschedules a leased delivery after an attempt. */
export async function finishDelivery(
  db: Database,
  args: Scope & {
    status: "pending" | "delivered" | "failed";
    nextAttemptAt: Date | null;
    statusCode: number | null;
    error: string | null;
    deliveredAt: Date | null;
  },
) {
  await db
    .update(webhookDeliveries)
    .set({
      status: args.status,
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      nextAttemptAt: args.nextAttemptAt,
      lockedUntil: null,
      lastStatusCode: args.statusCode,
      lastError: args.error,
      deliveredAt: args.deliveredAt,
    })
    .where(and(eq(webhookDeliveries.tenantId, args.tenantId), eq(webhookDeliveries.id, args.id)));
}
