import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "@outbound/sdk";
import { createTestOutbound, type TestOutbound } from "@outbound/testkit";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchedCampaign } from "./support.js";

let outbound: TestOutbound;
let receiver: Server;
const received: { body: string; signature: string }[] = [];

beforeAll(async () => {
  outbound = await createTestOutbound();
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += String(chunk);
    });
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["outbound-signature"] ?? "") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await outbound.close();
  await new Promise((resolve) => receiver.close(resolve));
});

test("advanceTime delivers due webhooks, signed, to an endpoint on loopback", async () => {
  const { port } = receiver.address() as AddressInfo;
  const endpoint = await outbound.client.webhooks.create.mutate({
    url: `http://127.0.0.1:${port}/hooks`,
    events: ["message.sent"],
  });
  await launchedCampaign(outbound, [{ stepType: "email" }]);
  await outbound.advanceTime(0);
  expect(received).toHaveLength(1);
  const [delivery] = received;
  if (!delivery || !endpoint.secret) throw new Error("no delivery or no secret");
  const event = await verifyWebhook(delivery.body, delivery.signature, endpoint.secret, {
    toleranceSeconds: Number.MAX_SAFE_INTEGER,
  });
  expect(event.type).toBe("message.sent");
});
