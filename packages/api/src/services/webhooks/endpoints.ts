import { randomBytes } from "node:crypto";
import { type Database, newId } from "@outbound/db";
import {
  deleteEndpoint,
  getDelivery,
  getEndpoint,
  insertDeliveries,
  insertEndpoint,
  listAttempts,
  listDeliveries,
  updateEndpoint,
} from "@outbound/db/queries/webhooks";
import type { WebhookEventType } from "@outbound/db/schema";
import type { Clock } from "../../clock.js";
import { badRequest, notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { isNonPublicAddress } from "../platform/network-guard.js";
import type { SecretStore } from "../secrets/secret-store.js";
import { forgetSecrets } from "../secrets/secret-store.js";

export interface WebhookDeps {
  db: Database;
  secrets: SecretStore;
  clock: Clock;
  /** The same setting as for SMTP hosts: off in production, where only public https URLs are accepted. */
  allowNonPublic: boolean;
}

/** How long the previous secret keeps signing after a rotation, so receivers can switch without losing events. */
export const PREVIOUS_SECRET_VALID_MS = 24 * 3_600_000;

export const webhookSecretPaths = (tenantId: string, id: string) => ({
  current: `tenants/${tenantId}/webhooks/${id}/current`,
  previous: `tenants/${tenantId}/webhooks/${id}/previous`,
});

const newSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

/**
 * An endpoint URL as this server will call it: absolute http(s), no credentials in it, and in
 * production https on a host that is not a loopback, private or link-local address literal
 * (names are checked again when each delivery resolves them).
 */
export function assertWebhookUrl(raw: string, allowNonPublic: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest("The URL is not valid", { url: ["must be an absolute URL"] });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw badRequest("The URL must be http(s)", { url: ["must use https"] });
  if (url.username || url.password)
    throw badRequest("The URL must not carry credentials", { url: ["must not carry credentials"] });
  if (!allowNonPublic) {
    if (url.protocol !== "https:") throw badRequest("Webhook URLs must use https", { url: ["must use https"] });
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (
      host === "localhost" ||
      host.endsWith(".localhost") ||
      (/^[\d.:a-f]+$/i.test(host) && isNonPublicAddress(host))
    ) {
      throw badRequest("Webhook URLs must be on the public internet", { url: ["is not a public address"] });
    }
  }
  return url.toString();
}

/**
 * A new endpoint and its signing secret, shown once. Its secret is stored before the row exists
 * (the secret store may be this database) and removed again if the row doesn't come to be, or if
 * an earlier call with the same idempotency key answers instead (that replay has `secret: null`).
 */
export async function createWebhook(
  deps: WebhookDeps & { once: Once },
  args: { tenantId: string; url: string; events: WebhookEventType[]; description?: string | undefined },
) {
  const { tenantId, ...input } = args;
  const url = assertWebhookUrl(input.url, deps.allowNonPublic);
  const id = newId();
  const secret = newSecret();
  const secretPath = webhookSecretPaths(tenantId, id).current;
  await deps.secrets.put(secretPath, secret);
  try {
    const endpoint = await deps.once((tx) =>
      insertEndpoint(tx, { id, tenantId, url, events: input.events, description: input.description ?? null }),
    );
    if (endpoint.id !== id) await forgetSecrets(deps.secrets, [secretPath]);
    return { ...endpoint, secret: endpoint.id === id ? secret : null };
  } catch (error) {
    await forgetSecrets(deps.secrets, [secretPath]);
    throw error;
  }
}

export async function requireEndpoint(db: Database, args: { tenantId: string; id: string }) {
  const endpoint = await getEndpoint(db, args);
  if (!endpoint) throw notFound("Webhook endpoint");
  return endpoint;
}

export async function updateWebhook(
  deps: WebhookDeps,
  args: {
    tenantId: string;
    id: string;
    url?: string | undefined;
    events?: WebhookEventType[] | undefined;
    description?: string | null | undefined;
    status?: "active" | "disabled" | undefined;
  },
) {
  const current = await requireEndpoint(deps.db, args);
  const values: Parameters<typeof updateEndpoint>[1]["values"] = {};
  if (args.url !== undefined) values.url = assertWebhookUrl(args.url, deps.allowNonPublic);
  if (args.events !== undefined) values.events = args.events;
  if (args.description !== undefined) values.description = args.description;
  if (args.status !== undefined && args.status !== current.status) {
    values.status = args.status;
    // Turned on again by a person: the failure history that disabled it starts over.
    values.disabledReason = args.status === "disabled" ? "disabled by a member" : null;
    if (args.status === "active") values.failingSince = null;
  }
  if (Object.keys(values).length === 0) return current;
  return (await updateEndpoint(deps.db, { ...args, values })) ?? current;
}

export async function deleteWebhook(deps: WebhookDeps, args: { tenantId: string; id: string }) {
  if (!(await deleteEndpoint(deps.db, args))) throw notFound("Webhook endpoint");
  const paths = webhookSecretPaths(args.tenantId, args.id);
  await forgetSecrets(deps.secrets, [paths.current, paths.previous]);
  return { id: args.id, deleted: true as const };
}

/** A new secret, shown once; the old one keeps signing beside it for 24 hours. */
export async function rotateWebhookSecret(deps: WebhookDeps, args: { tenantId: string; id: string }) {
  await requireEndpoint(deps.db, args);
  const paths = webhookSecretPaths(args.tenantId, args.id);
  const old = await deps.secrets.get(paths.current);
  const secret = newSecret();
  if (old) await deps.secrets.put(paths.previous, old);
  await deps.secrets.put(paths.current, secret);
  const previousSecretExpires = new Date(deps.clock.now().getTime() + PREVIOUS_SECRET_VALID_MS);
  await updateEndpoint(deps.db, { ...args, values: { previousSecretExpires } });
  return { id: args.id, secret, previousSecretExpires };
}

/** The secrets that sign a delivery now: the current one, and the previous one until it expires. */
export async function signingSecrets(
  deps: Pick<WebhookDeps, "secrets">,
  endpoint: { tenantId: string; id: string; previousSecretExpires: Date | null },
  now: Date,
): Promise<string[]> {
  const paths = webhookSecretPaths(endpoint.tenantId, endpoint.id);
  const current = await deps.secrets.get(paths.current);
  const previous =
    endpoint.previousSecretExpires && endpoint.previousSecretExpires > now
      ? await deps.secrets.get(paths.previous)
      : null;
  return [current, previous].filter((s): s is string => s !== null);
}

/** Deliveries of an endpoint, newest first, each with its attempts. */
export async function webhookDeliveries(
  db: Database,
  args: { tenantId: string; endpointId: string; limit: number; cursor?: string | undefined },
) {
  await requireEndpoint(db, { tenantId: args.tenantId, id: args.endpointId });
  const page = await listDeliveries(db, args);
  const attempts = await listAttempts(db, { tenantId: args.tenantId, deliveryIds: page.items.map((d) => d.id) });
  return {
    ...page,
    items: page.items.map((d) => ({
      ...d,
      attemptLog: attempts.filter((a) => a.deliveryId === d.id).map(({ deliveryId: _d, ...a }) => a),
    })),
  };
}

/** Sends the same event (same id and body) again, as a new delivery due now. */
export async function redeliverWebhook(deps: WebhookDeps, args: { tenantId: string; deliveryId: string }) {
  const delivery = await getDelivery(deps.db, { tenantId: args.tenantId, id: args.deliveryId });
  if (!delivery) throw notFound("Webhook delivery");
  const [row] = await insertDeliveries(deps.db, [
    {
      tenantId: args.tenantId,
      endpointId: delivery.endpointId,
      eventId: delivery.eventId,
      eventType: delivery.eventType,
      payload: delivery.payload,
      nextAttemptAt: deps.clock.now(),
    },
  ]);
  if (!row) throw new Error("delivery insert returned nothing");
  return { deliveryId: row.id, eventId: delivery.eventId };
}
