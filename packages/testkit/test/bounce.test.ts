import { createTestOutbound, type TestOutbound } from "@outbound/testkit";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DAY, launchedCampaign } from "./support.js";

let outbound: TestOutbound;
beforeAll(async () => {
  outbound = await createTestOutbound();
});
afterAll(async () => {
  await outbound.close();
});

test("a hard bounce (DSN 5.1.1) bounces the lead, suppresses the address and ends the sequence, as the engine does", async () => {
  const { client } = outbound;
  const { lead, campaign } = await launchedCampaign(outbound, [
    { stepType: "email" },
    { stepType: "wait", waitDurationHours: 24 },
    { stepType: "email", subjectOverride: "Following up" },
  ]);
  await outbound.advanceTime(0);
  const [first] = outbound.outbox();
  if (!first) throw new Error("the first mail was not sent");

  expect(await outbound.deliverBounce(first.messageId)).toBe("bounced");
  // The same report handled twice changes nothing more (a poller can see it again after a crash).
  await outbound.advanceTime(3 * DAY);
  expect(outbound.outbox()).toHaveLength(1);
  expect((await client.leads.get.query({ id: lead.id })).status).toBe("bounced");
  const [enrollment] = (await client.campaigns.leads.list.query({ campaignId: campaign.id })).items;
  expect(enrollment?.status).toBe("bounced");
  const suppressed = await client.suppressions.list.query({ search: lead.email });
  expect(suppressed.items).toMatchObject([{ value: lead.email, reason: "bounced" }]);
  // A suppressed address is skipped when enrolled again elsewhere.
  const again = await launchedCampaign(outbound, [{ stepType: "email" }], { email: "someone@customer.example" });
  const skipped = await client.campaigns.leads.add.mutate({ campaignId: again.campaign.id, leadIds: [lead.id] });
  expect(skipped.added).toBe(0);
  expect(skipped.skipped.suppressed + skipped.skipped.bounced).toBe(1);
});

test("deliverReply and deliverBounce refuse a Message-ID the outbox never held", async () => {
  await expect(outbound.deliverReply("<nope@nowhere.example>", "hi")).rejects.toThrow(/No captured mail/);
  await expect(outbound.deliverBounce("nope@nowhere.example")).rejects.toThrow(/No captured mail/);
});
