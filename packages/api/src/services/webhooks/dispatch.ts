import { isIP } from "node:net";
import { newId } from "@outbound/db";
import {
  claimDueDeliveries,
  type DueDelivery,
  finishDelivery,
  getDelivery,
  insertAttempt,
  insertDeliveries,
  updateEndpoint,
} from "@outbound/db/queries/webhooks";
import { Agent, fetch } from "undici";
import { resolveConnectable } from "../platform/network-guard.js";
import { requireEndpoint, signingSecrets, type WebhookDeps } from "./endpoints.js";
import { signatureHeader } from "./signature.js";

/**
 * Waits before each retry after a failed attempt, jittered ±20 %: 1 min, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h — the last attempt comes about 28 h after the first, so a receiver that is down for a
 * day still gets everything.
 */
export const WEBHOOK_RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
/** An endpoint whose deliveries have all failed for this long is disabled (`disabled_reason` says so). */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 3_600_000;
const TIMEOUT_MS = 10_000;
const LEASE_MS = 60_000;
const EXCERPT_CHARS = 500;

export interface DispatchReport {
  attempted: number;
  delivered: number;
  failed: number;
}

/** One attempt: POST the event, signed, to the endpoint; what the receiver answered. */
async function attempt(deps: WebhookDeps, delivery: DueDelivery, now: Date) {
  const started = performance.now();
  const url = new URL(delivery.url);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const reachable = await resolveConnectable(host, { allowNonPublic: deps.allowNonPublic });
  if (!reachable.ok) return { statusCode: null, error: reachable.error, excerpt: null, latencyMs: 0 };
  const body = JSON.stringify(delivery.payload);
  // The connection goes to the address just checked, not to a second lookup that could answer
  // differently (DNS rebinding); TLS still verifies the certificate against the URL's host name.
  const dispatcher = pinnedAgent(reachable.address);
  const secrets = await signingSecrets(
    deps,
    { tenantId: delivery.tenantId, id: delivery.endpointId, previousSecretExpires: delivery.previousSecretExpires },
    now,
  );
  try {
    const response = await fetch(url, {
      dispatcher,
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Outbound-Webhooks/1",
        "Outbound-Event-Id": delivery.eventId,
        "Outbound-Signature": signatureHeader(body, secrets, Math.floor(now.getTime() / 1000)),
      },
      body,
    });
    const text = await response.text().catch(() => "");
    return {
      statusCode: response.status,
      error: response.ok ? null : `HTTP ${response.status}`,
      excerpt: text.slice(0, EXCERPT_CHARS),
      latencyMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${TIMEOUT_MS} ms`
        : "connection failed";
    return { statusCode: null, error: reason, excerpt: null, latencyMs: Math.round(performance.now() - started) };
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

/** An HTTP agent whose every connection goes to `address`, whatever name the URL has. */
function pinnedAgent(address: string): Agent {
  const family = isIP(address) === 6 ? 6 : 4;
  return new Agent({
    connect: {
      lookup: (_hostname, options, callback) => {
        if ((options as { all?: boolean }).all) callback(null, [{ address, family }]);
        else callback(null, address, family);
      },
    },
  });
}

const jittered = (ms: number) => Math.round(ms * (0.8 + Math.random() * 0.4));

/** Sends one leased delivery and records the attempt, the delivery's next state and the endpoint's health. */
async function deliver(deps: WebhookDeps, delivery: DueDelivery): Promise<"delivered" | "pending" | "failed"> {
  const now = deps.clock.now();
  const key = { tenantId: delivery.tenantId, id: delivery.id };
  if (delivery.endpointStatus !== "active") {
    await finishDelivery(deps.db, {
      ...key,
      status: "failed",
      nextAttemptAt: null,
      statusCode: null,
      error: "endpoint disabled",
      deliveredAt: null,
    });
    return "failed";
  }
  const result = await attempt(deps, delivery, now);
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const delay = WEBHOOK_RETRY_DELAYS_MS[delivery.attempts];
  const status = ok ? "delivered" : delay === undefined ? "failed" : "pending";
  await deps.db.transaction(async (tx) => {
    await insertAttempt(tx, {
      tenantId: delivery.tenantId,
      deliveryId: delivery.id,
      attempted: now,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: result.error,
      responseExcerpt: result.excerpt,
    });
    await finishDelivery(tx, {
      ...key,
      status,
      nextAttemptAt: status === "pending" && delay !== undefined ? new Date(now.getTime() + jittered(delay)) : null,
      statusCode: result.statusCode,
      error: result.error,
      deliveredAt: ok ? now : null,
    });
    const endpoint = { tenantId: delivery.tenantId, id: delivery.endpointId };
    if (ok) {
      if (delivery.failingSince) await updateEndpoint(tx, { ...endpoint, values: { failingSince: null } });
    } else if (!delivery.failingSince) {
      await updateEndpoint(tx, { ...endpoint, values: { failingSince: now } });
    } else if (now.getTime() - delivery.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) {
      await updateEndpoint(tx, {
        ...endpoint,
        values: {
          status: "disabled",
          disabledReason: `every delivery failed since ${delivery.failingSince.toISOString()}`,
        },
      });
    }
  });
  return status;
}

/**
 * Sends what is due now, in batches of `limit`, until nothing due is left; several dispatchers
 * may run at once. `tenantIds` narrows it to some tenants (tests that share one database).
 */
export async function dispatchDueWebhooks(
  deps: WebhookDeps,
  options: { limit?: number; tenantIds?: readonly string[] } = {},
): Promise<DispatchReport> {
  const limit = options.limit ?? 20;
  const report: DispatchReport = { attempted: 0, delivered: 0, failed: 0 };
  for (;;) {
    const now = deps.clock.now();
    const until = new Date(now.getTime() + LEASE_MS);
    const due = await claimDueDeliveries(deps.db, { now, until, limit, tenantIds: options.tenantIds });
    const outcomes = await Promise.all(due.map((delivery) => deliver(deps, delivery)));
    report.attempted += outcomes.length;
    report.delivered += outcomes.filter((o) => o === "delivered").length;
    report.failed += outcomes.filter((o) => o === "failed").length;
    if (due.length < limit) return report;
  }
}

/**
 * `webhooks.test`: a `webhook.test` event to one endpoint, sent now while the caller waits, and
 * what the receiver answered. Retried like any other delivery if it fails.
 */
export async function testWebhook(deps: WebhookDeps, args: { tenantId: string; id: string }) {
  const endpoint = await requireEndpoint(deps.db, args);
  const now = deps.clock.now();
  const eventId = newId();
  const payload = {
    id: eventId,
    type: "webhook.test",
    created: now.toISOString(),
    data: { endpointId: endpoint.id, message: "A test event from Outbound" },
  };
  const [row] = await insertDeliveries(deps.db, [
    {
      tenantId: args.tenantId,
      endpointId: endpoint.id,
      eventId,
      eventType: "webhook.test",
      payload,
      nextAttemptAt: now,
    },
  ]);
  if (!row) throw new Error("delivery insert returned nothing");
  const [leased] = await claimDueDeliveries(deps.db, {
    now,
    until: new Date(now.getTime() + LEASE_MS),
    limit: 1,
    only: { tenantId: args.tenantId, id: row.id },
  });
  const status = leased ? await deliver(deps, leased) : "pending";
  const delivery = await getDelivery(deps.db, { tenantId: args.tenantId, id: row.id });
  return {
    deliveryId: row.id,
    eventId,
    status,
    statusCode: delivery?.lastStatusCode ?? null,
    error: delivery?.lastError ?? null,
  };
}
