import { createTestOutbound } from "@outbound/testkit";
import { expect, test } from "vitest";

test("close() frees the port and the database; closing twice is harmless", async () => {
  const outbound = await createTestOutbound();
  expect((await fetch(`${outbound.url}/healthz`)).status).toBe(200);
  // A client keep-alive connection open at close must not hold the server.
  await outbound.client.leads.list.query();
  await outbound.close();
  await outbound.close();
  await expect(fetch(`${outbound.url}/healthz`)).rejects.toThrow();
  await expect(outbound.client.leads.list.query()).rejects.toMatchObject({ code: "CONNECTION_ERROR" });
});
