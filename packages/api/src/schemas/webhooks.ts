import { WEBHOOK_EVENT_TYPES } from "@outbound/db/schema";
import { z } from "zod";
import { id, idempotencyKey, listInput, timestamp } from "./common.js";

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
