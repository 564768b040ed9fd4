import { WEBHOOK_EVENT_TYPES } from "@outbound/db/schema";
import { z } from "zod";
import { id, idempotencyKey, listInput, pageOf, timestamp } from "./common.js";

/** At least one event; duplicates dropped and kept in the contract's order. */
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, "needs at least one event")
  .max(WEBHOOK_EVENT_TYPES.length * 2)
  .transform((list) => WEBHOOK_EVENT_TYPES.filter((type) => list.includes(type)));

const url = z.string().trim().min(1, "is required").max(2000);
const description = z.string().trim().max(500);

export const createWebhookInput = z
  .object({ url, events, description: description.optional(), idempotencyKey })
  .strict();

export const updateWebhookInput = z
  .object({
    id,
    url: url.optional(),
    events: events.optional(),
    description: description.nullable().optional(),
    status: z.enum(["active", "disabled"]).optional(),
  })
  .strict();

export const webhookIdInput = z.object({ id }).strict();

export const webhookDeliveriesInput = listInput.extend({ endpointId: id }).strict();

export const redeliverWebhookInput = z.object({ deliveryId: id }).strict();

/** An endpoint as every procedure answers it; its secret only from `create` (and `rotateSecret`). */
export const webhookOutput = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  status: z.string(),
  disabledReason: z.string().nullable(),
  failingSince: timestamp.nullable(),
  created: timestamp,
  updated: timestamp,
});

/** All of the tenant's endpoints (a tenant has few): no cursor. */
export const webhookListOutput = z.object({ items: z.array(webhookOutput) });

/** `webhooks.create`: the signing secret, shown this once. */
export const createdWebhookOutput = webhookOutput.extend({ secret: z.string().nullable() });

export const deletedWebhookOutput = z.object({ id: z.string(), deleted: z.literal(true) });

/** `webhooks.rotateSecret`: the new secret, shown this once; the previous one signs beside it until `previousSecretExpires`. */
export const rotatedWebhookSecretOutput = z.object({
  id: z.string(),
  secret: z.string(),
  previousSecretExpires: timestamp,
});

/** One attempt to deliver: what the receiver answered, how fast, and the start of its body. */
const webhookAttemptOutput = z.object({
  attempted: timestamp,
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable(),
});

/** A delivery as `webhooks.deliveries` lists it: `deliveryColumns` of the query module, with its attempts. */
export const webhookDeliveryOutput = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.enum([...WEBHOOK_EVENT_TYPES, "webhook.test"]),
  status: z.string().meta({ description: "pending | delivered | failed" }),
  attempts: z.number().int(),
  nextAttemptAt: timestamp.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: timestamp.nullable(),
  created: timestamp,
  attemptLog: z.array(webhookAttemptOutput),
});

export const webhookDeliveryPageOutput = pageOf(webhookDeliveryOutput);

/** `webhooks.redeliver`: the new delivery of the same event. */
export const redeliveredWebhookOutput = z.object({ deliveryId: z.string(), eventId: z.string() });

/** `webhooks.test`: the test event's delivery and what the endpoint answered. */
export const webhookTestOutput = z.object({
  deliveryId: z.string(),
  eventId: z.string(),
  status: z.enum(["delivered", "pending", "failed"]),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
});
