import { sql } from "drizzle-orm";
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uuid, varchar } from "drizzle-orm/pg-core";
import { created, idColumn, tenantIdColumn, tz, updated } from "./columns.js";
import { tenants } from "./identity.js";

export const WEBHOOK_EVENT_TYPES = [
  "message.sent",
  "message.bounced",
  "lead.replied",
  "lead.unsubscribed",
  "lead.opened",
  "lead.clicked",
  "campaign.completed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * An integrator's HTTPS endpoint. Its signing secret lives in the secret store (never in a row);
 * after a rotation the previous one keeps signing too until `previous_secret_expires`.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    url: varchar({ length: 2000 }).notNull(),
    description: varchar({ length: 500 }),
    events: jsonb().$type<WebhookEventType[]>().notNull(),
    /** `active`, or `disabled` (by the owner, or after failing for days: `disabled_reason`). */
    status: varchar({ length: 20 }).notNull().default("active"),
    disabledReason: text(),
    previousSecretExpires: tz(),
    /** When the current run of failed deliveries began; null after a success. */
    failingSince: tz(),
    created: created(),
    updated: updated(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** One event for one endpoint: the outbox row written with the fact it reports, then retried until a 2xx. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    endpointId: uuid().notNull(),
    /** The event's id: the same on every attempt and redelivery, so receivers can deduplicate. */
    eventId: uuid().notNull(),
    eventType: varchar({ length: 40 }).$type<WebhookEventType | "webhook.test">().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** `pending` (due at `next_attempt_at`), `delivered`, or `failed` (retries exhausted, or the endpoint went away). */
    status: varchar({ length: 20 }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: tz(),
    lockedUntil: tz(),
    lastStatusCode: integer(),
    lastError: text(),
    deliveredAt: tz(),
    created: created(),
    updated: updated(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.endpointId],
      foreignColumns: [webhookEndpoints.tenantId, webhookEndpoints.id],
    }).onDelete("cascade"),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.tenantId, t.endpointId, t.id),
  ],
);

/** Every attempt to deliver: what the receiver answered, how fast, and the start of its body. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    deliveryId: uuid().notNull(),
    attempted: tz().notNull(),
    statusCode: integer(),
    latencyMs: integer().notNull(),
    error: text(),
    responseExcerpt: varchar({ length: 500 }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.deliveryId],
      foreignColumns: [webhookDeliveries.tenantId, webhookDeliveries.id],
    }).onDelete("cascade"),
    index("webhook_attempts_delivery_idx").on(t.tenantId, t.deliveryId),
  ],
);
