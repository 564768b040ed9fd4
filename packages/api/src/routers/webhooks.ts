import { listEndpoints } from "@outbound/db/queries/webhooks";
import type { TRPCRouterRecord } from "@trpc/server";
import type { AppDeps } from "../context.js";
import { rest } from "../rest.js";
import {
  createdWebhookOutput,
  createWebhookInput,
  deletedWebhookOutput,
  redeliveredWebhookOutput,
  redeliverWebhookInput,
  rotatedWebhookSecretOutput,
  updateWebhookInput,
  webhookDeliveriesInput,
  webhookDeliveryPageOutput,
  webhookIdInput,
  webhookListOutput,
  webhookOutput,
  webhookTestOutput,
} from "../schemas/webhooks.js";
import { testWebhook } from "../services/webhooks/dispatch.js";
import {
  createWebhook,
  deleteWebhook,
  redeliverWebhook,
  requireEndpoint,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookDeps,
  webhookDeliveries,
} from "../services/webhooks/endpoints.js";
import { idempotent, tenantProcedure } from "../trpc.js";

const webhookDeps = (deps: AppDeps): WebhookDeps => ({
  db: deps.db,
  secrets: deps.secrets,
  clock: deps.clock,
  allowNonPublic: deps.allowNonPublicMailHosts,
});

/**
 * Outgoing webhooks: signed POSTs of `{ id, type, created, data }` to the tenant's endpoints,
 * retried for about 28 h, every attempt recorded. Secrets are shown once, by `create` and `rotateSecret`.
 */
export const webhooksRouter = {
  list: tenantProcedure("read")
    .meta(rest("GET", "/webhooks", "webhooks", "List webhook endpoints"))
    .output(webhookListOutput)
    .query(async ({ ctx }) => ({
      items: await listEndpoints(ctx.db, { tenantId: ctx.tenant.id }),
    })),

  get: tenantProcedure("read")
    .meta(rest("GET", "/webhooks/{id}", "webhooks", "Get a webhook endpoint"))
    .input(webhookIdInput)
    .output(webhookOutput)
    .query(async ({ ctx, input }) => {
      const { previousSecretExpires: _p, ...endpoint } = await requireEndpoint(ctx.db, {
        tenantId: ctx.tenant.id,
        id: input.id,
      });
      return endpoint;
    }),

  create: tenantProcedure("setup")
    .meta(rest("POST", "/webhooks", "webhooks", "Create a webhook endpoint (its secret is shown once)"))
    .input(createWebhookInput)
    .use(idempotent)
    .output(createdWebhookOutput)
    .mutation(({ ctx, input }) =>
      createWebhook({ ...webhookDeps(ctx.deps), once: ctx.once }, { tenantId: ctx.tenant.id, ...input }),
    ),

  /** `status: "active"` turns an endpoint disabled after failures back on. */
  update: tenantProcedure("setup")
    .meta(rest("PATCH", "/webhooks/{id}", "webhooks", "Update a webhook endpoint"))
    .input(updateWebhookInput)
    .output(webhookOutput)
    .mutation(({ ctx, input }) => updateWebhook(webhookDeps(ctx.deps), { tenantId: ctx.tenant.id, ...input })),

  delete: tenantProcedure("setup")
    .meta(rest("DELETE", "/webhooks/{id}", "webhooks", "Delete a webhook endpoint"))
    .input(webhookIdInput)
    .output(deletedWebhookOutput)
    .mutation(({ ctx, input }) => deleteWebhook(webhookDeps(ctx.deps), { tenantId: ctx.tenant.id, id: input.id })),

  /** A new secret, shown once; the previous one keeps signing beside it for 24 h. */
  rotateSecret: tenantProcedure("setup")
    .meta(
      rest(
        "POST",
        "/webhooks/{id}/rotate-secret",
        "webhooks",
        "Replace the signing secret (the new one is shown once)",
      ),
    )
    .input(webhookIdInput)
    .output(rotatedWebhookSecretOutput)
    .mutation(({ ctx, input }) =>
      rotateWebhookSecret(webhookDeps(ctx.deps), { tenantId: ctx.tenant.id, id: input.id }),
    ),

  /** Newest first, each with its attempts (status, latency, the start of the response). */
  deliveries: tenantProcedure("read")
    .meta(
      rest("GET", "/webhooks/{endpointId}/deliveries", "webhooks", "List an endpoint's deliveries with their attempts"),
    )
    .input(webhookDeliveriesInput)
    .output(webhookDeliveryPageOutput)
    .query(({ ctx, input }) => webhookDeliveries(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** The same event (id and body) again, as a new delivery. */
  redeliver: tenantProcedure("setup")
    .meta(rest("POST", "/webhooks/deliveries/{deliveryId}/redeliver", "webhooks", "Deliver the same event again"))
    .input(redeliverWebhookInput)
    .output(redeliveredWebhookOutput)
    .mutation(({ ctx, input }) =>
      redeliverWebhook(webhookDeps(ctx.deps), { tenantId: ctx.tenant.id, deliveryId: input.deliveryId }),
    ),

  /** Sends a `webhook.test` event now and answers what the endpoint said. */
  test: tenantProcedure("setup")
    .meta(rest("POST", "/webhooks/{id}/test", "webhooks", "Send a webhook.test event now and report the answer"))
    .input(webhookIdInput)
    .output(webhookTestOutput)
    .mutation(({ ctx, input }) => testWebhook(webhookDeps(ctx.deps), { tenantId: ctx.tenant.id, id: input.id })),
} satisfies TRPCRouterRecord;
