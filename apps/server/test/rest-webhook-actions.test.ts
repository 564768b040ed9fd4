import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRefused, ISO_DATE, useRestTenant } from "./rest-fixture.js";
import { independentlyVerified, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";

// The receiver listens on loopback, which only a server outside production may call.
const t = useRestTenant({ allowNonPublicMailHosts: true });
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

async function endpoint() {
  const created = await t.api.post("/webhooks", { url: receiver.url, events: ["lead.replied"] });
  expect(created.status).toBe(200);
  return created.body as { id: string; secret: string };
}

describe("REST webhook actions", () => {
  it("tests an endpoint now and reports what it answered", async () => {
    const { id, secret } = await endpoint();
    receiver.status = 200;
    const before = receiver.received.length;
    const tested = await t.api.post(`/webhooks/${id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body).toEqual({
      deliveryId: expect.any(String),
      eventId: expect.any(String),
      status: "delivered",
      statusCode: 200,
      error: null,
    });
    const [request] = receiver.received.slice(before);
    expect(request && JSON.parse(request.body)).toMatchObject({ id: tested.body.eventId, type: "webhook.test" });
    expect(request && independentlyVerified(request, secret)).toBe(true);

    receiver.status = 503;
    const failing = await t.api.post(`/webhooks/${id}/test`);
    expect(failing.body).toMatchObject({ status: "pending", statusCode: 503 });
    receiver.status = 200;

    expectRefused(await t.api.post("/webhooks/nope/test"), 400, "BAD_REQUEST");
    expectRefused(await t.theirs.post(`/webhooks/${id}/test`), 404, "NOT_FOUND");
    expectRefused(await t.readOnly.post(`/webhooks/${id}/test`), 403, "FORBIDDEN");
  });

  it("rotates the secret: shown once, signing beside the old one, never logged", async () => {
    const { id, secret: old } = await endpoint();
    const rotated = await t.api.post(`/webhooks/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ id, secret: expect.any(String), previousSecretExpires: expect.any(String) });
    expect(rotated.body.previousSecretExpires).toMatch(ISO_DATE);
    const { secret } = rotated.body as { secret: string };
    expect(secret).not.toBe(old);
    expect((await t.api.get(`/webhooks/${id}`)).body).not.toHaveProperty("secret");

    const before = receiver.received.length;
    await t.api.post(`/webhooks/${id}/test`);
    const [request] = receiver.received.slice(before);
    expect(request && independentlyVerified(request, secret)).toBe(true);
    expect(request && independentlyVerified(request, old)).toBe(true);
    expect(t.server.lines.join("\n")).not.toContain(secret);

    expectRefused(await t.theirs.post(`/webhooks/${id}/rotate-secret`), 404, "NOT_FOUND");
    expectRefused(await t.readOnly.post(`/webhooks/${id}/rotate-secret`), 403, "FORBIDDEN");
  });

  it("lists deliveries with their attempts and redelivers one as a new delivery of the same event", async () => {
    const { id } = await endpoint();
    const tested = await t.api.post(`/webhooks/${id}/test`);
    const listed = await t.readOnly.get(`/webhooks/${id}/deliveries`);
    expect(listed.status).toBe(200);
    expect(listed.body.nextCursor).toBeNull();
    expect(listed.body.items).toHaveLength(1);
    const [delivery] = listed.body.items;
    expect(delivery).toMatchObject({
      id: tested.body.deliveryId,
      endpointId: id,
      eventType: "webhook.test",
      status: "delivered",
      attempts: 1,
      lastStatusCode: 200,
    });
    expect(delivery.deliveredAt).toMatch(ISO_DATE);
    expect(delivery.attemptLog).toEqual([
      {
        attempted: expect.stringMatching(ISO_DATE),
        statusCode: 200,
        latencyMs: expect.any(Number),
        error: null,
        responseExcerpt: "ok",
      },
    ]);

    const again = await t.api.post(`/webhooks/deliveries/${delivery.id}/redeliver`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ deliveryId: expect.any(String), eventId: delivery.eventId });
    const page = await t.api.get(`/webhooks/${id}/deliveries?limit=1`);
    expect(page.body.items.map((d: { id: string }) => d.id)).toEqual([again.body.deliveryId]);
    expect(page.body.items[0]).toMatchObject({ eventId: delivery.eventId, status: "pending", attemptLog: [] });
    expect(page.body.nextCursor).toEqual(expect.any(String));

    expectRefused(await t.api.get(`/webhooks/${id}/deliveries?limit=0`), 400, "BAD_REQUEST");
    expectRefused(await t.theirs.get(`/webhooks/${id}/deliveries`), 404, "NOT_FOUND");
    expectRefused(await t.theirs.post(`/webhooks/deliveries/${delivery.id}/redeliver`), 404, "NOT_FOUND");
    expectRefused(await t.api.post(`/webhooks/deliveries/${randomUUID()}/redeliver`), 404, "NOT_FOUND");
    expectRefused(await t.readOnly.post(`/webhooks/deliveries/${delivery.id}/redeliver`), 403, "FORBIDDEN");
  });
});
