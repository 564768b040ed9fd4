// The example of README.md, verbatim: scripts/testkit-consumer-check.mjs runs this file in a
// fresh project against the packed packages, so keep the import from "@outbound/testkit".
import { createTestOutbound, type TestOutbound } from "@outbound/testkit";
import { afterEach, beforeEach, expect, test } from "vitest";

const HOUR = 60 * 60 * 1000;
let outbound: TestOutbound;

beforeEach(async () => {
  outbound = await createTestOutbound();
});
afterEach(async () => {
  await outbound.close();
});

test("a follow-up goes out after the wait, and a reply stops the sequence", async () => {
  const { client, workspace } = outbound;
  const lead = await client.leads.create.mutate({ email: "ada@customer.example", name: "Ada Lovelace" });
  const template = await client.templates.create.mutate({
    name: "Intro",
    subject: "Hello {{first_name|there}}",
    content: "Hi {{first_name|there}},\n\nA short note from Acme.\n",
  });
  const campaign = await client.campaigns.create.mutate({ companyId: workspace.companyId, name: "Launch" });
  await client.campaigns.steps.add.mutate({ campaignId: campaign.id, stepType: "email", templateId: template.id });
  await client.campaigns.steps.add.mutate({ campaignId: campaign.id, stepType: "wait", waitDurationHours: 48 });
  await client.campaigns.steps.add.mutate({
    campaignId: campaign.id,
    stepType: "email",
    templateId: template.id,
    subjectOverride: "Re: Hello {{first_name|there}}",
  });
  // A last nudge three days later: the reply below must keep it from going out.
  await client.campaigns.steps.add.mutate({ campaignId: campaign.id, stepType: "wait", waitDurationHours: 72 });
  await client.campaigns.steps.add.mutate({
    campaignId: campaign.id,
    stepType: "email",
    templateId: template.id,
    subjectOverride: "Closing the loop",
  });
  await client.campaigns.leads.add.mutate({ campaignId: campaign.id, leadIds: [lead.id] });
  await client.campaigns.launch.mutate({ id: campaign.id });

  await outbound.advanceTime(0);
  const [first] = outbound.outbox();
  expect(first).toMatchObject({ to: "ada@customer.example", subject: "Hello Ada", leadId: lead.id });
  expect(first?.text).toContain("Hi Ada,");

  await outbound.advanceTime(47 * HOUR);
  expect(outbound.outbox()).toHaveLength(1);
  await outbound.advanceTime(1 * HOUR);
  const followUp = outbound.outbox()[1];
  expect(followUp?.subject).toBe("Re: Hello Ada");
  expect(followUp?.headers["In-Reply-To"]).toBe(first?.messageId);

  if (!first) throw new Error("no first mail");
  expect(await outbound.deliverReply(first.messageId, "Sounds good, let's talk on Monday.")).toBe("replied");
  await outbound.advanceTime(7 * 24 * HOUR); // well past the last wait
  expect(outbound.outbox()).toHaveLength(2);
  expect((await client.leads.get.query({ id: lead.id })).status).toBe("replied");
  const [enrollment] = (await client.campaigns.leads.list.query({ campaignId: campaign.id })).items;
  expect(enrollment?.status).toBe("replied");
});
