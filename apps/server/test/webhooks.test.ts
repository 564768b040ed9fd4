import { dispatchDueWebhooks, type WebhookDeps } from "@outbound/api";
import { schema } from "@outbound/db";
import { addLeads, campaignWith, enroll, type SendingTenant, sendingTenant } from "@outbound/engine/test/fixture";
import { usePeers } from "@outbound/engine/test/peers";
import { useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The SDK's source (its package is built later in CI): the verifier integrators run.
import { verifyWebhook, WebhookVerificationError } from "../../../packages/sdk/src/webhooks.js";
import { independentlyVerified, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";

const database = useTestDatabase();
const peers = usePeers();
const HOUR = 3_600_000;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

/** A tenant with an endpoint for `events`, and a dispatcher on its clock. */
async function subscribed(events: ("message.sent" | "lead.unsubscribed" | "campaign.completed")[]) {
  const t = await sendingTenant(database.db, peers);
  const endpoint = await t.caller.webhooks.create({ url: receiver.url, events, description: "integration" });
  const deps: WebhookDeps = { db: database.db, secrets: t.secrets, clock: t.clock, allowNonPublic: true };
  // Only this tenant's deliveries: other test files queue events on a shared database too.
  return { t, endpoint, dispatch: () => dispatchDueWebhooks(deps, { tenantIds: [t.tenantId] }) };
}

/** Sends the first email of a one-step campaign to one new lead. */
async function sendOne(t: SendingTenant) {
  const { campaign } = await campaignWith(t, [{ stepType: "email" }]);
  await t.caller.campaigns.launch({ id: campaign.id });
  const [lead] = await addLeads(database.db, t.tenantId, 1);
  if (!lead) throw new Error("no lead");
  await enroll(database.db, t.tenantId, campaign.id, [lead.id], t.clock.now());
  await t.worker().drain();
  return { campaign, lead };
}

describe("outgoing webhooks", () => {
  it("delivers message.sent and campaign.completed, each once, signed so both an HMAC and verifyWebhook accept it", async () => {
    receiver.status = 200;
    const { t, endpoint, dispatch } = await subscribed(["message.sent", "campaign.completed"]);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const before = receiver.received.length;
    const { campaign, lead } = await sendOne(t);
    expect(await dispatch()).toMatchObject({ attempted: 2, delivered: 2 });
    const got = receiver.received.slice(before);
    const events = got.map((r) => JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> });
    expect(events.map((e) => e.type).sort()).toEqual(["campaign.completed", "message.sent"]);
    expect(events.find((e) => e.type === "message.sent")?.data).toMatchObject({
      campaignId: campaign.id,
      leadId: lead.id,
      email: lead.email,
    });
    for (const request of got) {
      expect(independentlyVerified(request, endpoint.secret ?? "")).toBe(true);
      const event = await verifyWebhook(
        request.body,
        String(request.headers["outbound-signature"]),
        endpoint.secret ?? "",
        {
          now: t.clock.now(),
        },
      );
      expect(request.headers["outbound-event-id"]).toBe(event.id);
    }
    // Nothing is due any more: no event twice.
    expect(await dispatch()).toMatchObject({ attempted: 0 });
    // A replay of a captured request later than the tolerance is refused by the SDK.
    const [first] = got;
    await expect(
      verifyWebhook(first?.body ?? "", String(first?.headers["outbound-signature"]), endpoint.secret ?? "", {
        now: t.clock.now().getTime() + 10 * 60_000,
      }),
    ).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it("delivers each event once when several dispatchers run at the same time", async () => {
    receiver.status = 200;
    const { t, dispatch } = await subscribed(["message.sent"]);
    const { campaign } = await campaignWith(t, [{ stepType: "email" }]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(database.db, t.tenantId, 12);
    await enroll(
      database.db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    await t.worker().drain();
    const before = receiver.received.length;
    const reports = await Promise.all([dispatch(), dispatch(), dispatch()]);
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(12);
    const ids = receiver.received.slice(before).map((r) => String(r.headers["outbound-event-id"]));
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(await dispatch()).toMatchObject({ attempted: 0 });
  });

  it("retries a failing receiver with backoff, records every attempt, and delivers the same event id once it recovers", async () => {
    const { t, endpoint, dispatch } = await subscribed(["message.sent"]);
    receiver.status = 500;
    const before = receiver.received.length;
    await sendOne(t);
    expect(await dispatch()).toMatchObject({ attempted: 1, delivered: 0 });
    // Not due again before its backoff (1 min ± 20 %).
    t.clock.advance(30_000);
    expect(await dispatch()).toMatchObject({ attempted: 0 });
    receiver.status = 200;
    t.clock.advance(60_000);
    expect(await dispatch()).toMatchObject({ attempted: 1, delivered: 1 });
    const ids = receiver.received.slice(before).map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
    const page = await t.caller.webhooks.deliveries({ endpointId: endpoint.id });
    const [delivery] = page.items;
    expect(delivery).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200 });
    expect(delivery?.attemptLog.map((a) => a.statusCode)).toEqual([500, 200]);
    expect(delivery?.attemptLog[0]?.responseExcerpt).toBe("receiver is down");
    expect(delivery?.attemptLog.every((a) => a.latencyMs >= 0)).toBe(true);

    // Redelivery sends the same event again, under the same id.
    const again = await t.caller.webhooks.redeliver({ deliveryId: delivery?.id ?? "" });
    expect(again.eventId).toBe(ids[0]);
    await dispatch();
    expect((JSON.parse(receiver.received.at(-1)?.body ?? "{}") as { id: string }).id).toBe(ids[0]);
  });

  it("gives up after about 28 hours of failures, and disables an endpoint that has failed for three days", async () => {
    const { t, endpoint, dispatch } = await subscribed(["message.sent"]);
    receiver.status = 503;
    await sendOne(t);
    for (let i = 0; i < 10; i++) {
      await dispatch();
      t.clock.advance(12 * HOUR);
    }
    const [delivery] = (await t.caller.webhooks.deliveries({ endpointId: endpoint.id })).items;
    expect(delivery).toMatchObject({ status: "failed", attempts: 8 });
    expect((await t.caller.webhooks.get({ id: endpoint.id })).status).toBe("disabled");
    expect((await t.caller.webhooks.get({ id: endpoint.id })).disabledReason).toContain("every delivery failed since");
    // Turned on again by a person, it starts over.
    const on = await t.caller.webhooks.update({ id: endpoint.id, status: "active" });
    expect(on).toMatchObject({ status: "active", failingSince: null });
  });

  it("signs with both secrets for 24 hours after a rotation, then with the new one only", async () => {
    receiver.status = 200;
    const { t, endpoint: created } = await subscribed(["message.sent"]);
    // A host name this time: the delivery resolves it, checks the address, and connects to that address.
    const endpoint = {
      ...created,
      ...(await t.caller.webhooks.update({ id: created.id, url: receiver.url.replace("127.0.0.1", "localhost") })),
    };
    expect(endpoint.url).toContain("//localhost:");
    const rotated = await t.caller.webhooks.rotateSecret({ id: endpoint.id });
    expect(rotated.secret).not.toBe(endpoint.secret);
    const test = await t.caller.webhooks.test({ id: endpoint.id });
    expect(test).toMatchObject({ status: "delivered", statusCode: 200 });
    const during = receiver.received.at(-1);
    if (!during) throw new Error("nothing received");
    expect(JSON.parse(during.body)).toMatchObject({ type: "webhook.test" });
    expect(independentlyVerified(during, endpoint.secret ?? "")).toBe(true);
    expect(independentlyVerified(during, rotated.secret)).toBe(true);

    t.clock.advance(25 * HOUR);
    await t.caller.webhooks.test({ id: endpoint.id });
    const after = receiver.received.at(-1);
    if (!after) throw new Error("nothing received");
    expect(independentlyVerified(after, endpoint.secret ?? "")).toBe(false);
    expect(independentlyVerified(after, rotated.secret)).toBe(true);
  });

  it("refuses non-public and non-https URLs in production, and shows the secret only once", async () => {
    const { t, endpoint } = await subscribed(["message.sent"]);
    const listed = await t.caller.webhooks.list();
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret ?? "missing");
    const rows = await database.db
      .select()
      .from(schema.webhookEndpoints)
      .where(eq(schema.webhookEndpoints.tenantId, t.tenantId));
    expect(JSON.stringify(rows)).not.toContain(endpoint.secret ?? "missing");
    const { callerFor } = await import("@outbound/testing");
    const production = callerFor(database.db, `Bearer ${t.apiKey}`, { secrets: t.secrets });
    for (const url of [
      "http://hooks.example.com/x",
      "https://127.0.0.1/x",
      "https://10.0.0.5/x",
      "https://localhost/x",
      "ftp://hooks.example.com/",
    ]) {
      const refused = await production.webhooks.create({ url, events: ["message.sent"] }).catch((e: unknown) => e);
      expect({ url, code: (refused as { code?: string }).code }).toEqual({ url, code: "BAD_REQUEST" });
    }
  });
});
