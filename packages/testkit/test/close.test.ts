import { createTestOutbound } from "@outbound/testkit";
import { expect, test } from "vitest";

/** Listening servers of this process (the SDK's own request timers are not the testkit's to count). */
const servers = () => process.getActiveResourcesInfo().filter((kind) => kind === "TCPServerWrap").length;

test("close() frees the port and leaves no server behind; closing twice is harmless", async () => {
  const before = servers();
  const outbound = await createTestOutbound();
  expect((await fetch(`${outbound.url}/healthz`)).status).toBe(200);
  // A client keep-alive connection open at close must not hold the server.
  await outbound.client.leads.list.query();
  await outbound.advanceTime(60_000);
  expect(servers()).toBe(before + 1);
  await outbound.close();
  await outbound.close();
  expect(servers()).toBe(before);
  await expect(fetch(`${outbound.url}/healthz`)).rejects.toThrow();
  await expect(outbound.client.leads.list.query()).rejects.toMatchObject({ code: "CONNECTION_ERROR" });
});
