import { createTestOutbound, type TestOutbound } from "@outbound/testkit";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchedCampaign } from "./support.js";

let a: TestOutbound;
let b: TestOutbound;
beforeAll(async () => {
  [a, b] = await Promise.all([createTestOutbound(), createTestOutbound()]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

test("two instances share nothing: ports, keys, workspaces, data, clocks and outboxes are their own", async () => {
  expect(a.url).not.toBe(b.url);
  expect(a.apiKey).not.toBe(b.apiKey);
  expect(a.workspace.tenantId).not.toBe(b.workspace.tenantId);
  expect(a.workspace.domain).not.toBe(b.workspace.domain);

  const { lead } = await launchedCampaign(a, [{ stepType: "email" }]);
  await a.advanceTime(60_000);
  expect(a.outbox()).toHaveLength(1);
  expect(b.outbox()).toHaveLength(0);
  expect((await b.client.leads.list.query()).items).toHaveLength(0);
  await expect(b.client.leads.get.query({ id: lead.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  expect(b.now().getTime()).toBeLessThan(a.now().getTime());
});

test("one instance's key means nothing to another", async () => {
  const res = await fetch(`${b.url}/trpc/leads.list`, { headers: { authorization: `Bearer ${a.apiKey}` } });
  expect(res.status).toBe(401);
});
