import type { RouterInputs } from "@outbound/sdk";
import type { TestOutbound } from "@outbound/testkit";

type SendingWindow = NonNullable<RouterInputs["campaigns"]["update"]["sendingWindow"]>;

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

/** A lead enrolled in a launched campaign of `steps` (one template for every email step). */
export async function launchedCampaign(
  outbound: TestOutbound,
  steps: Array<{ stepType: "email"; subjectOverride?: string } | { stepType: "wait"; waitDurationHours: number }>,
  options: { email?: string; sendingWindow?: SendingWindow } = {},
) {
  const { client, workspace } = outbound;
  const lead = await client.leads.create.mutate({
    email: options.email ?? "grace@customer.example",
    name: "Grace Hopper",
  });
  const template = await client.templates.create.mutate({
    name: `Intro ${lead.id}`,
    subject: "Hello {{first_name|there}}",
    content: "Hi {{first_name|there}},\n\nA short note.\n",
  });
  const campaign = await client.campaigns.create.mutate({ companyId: workspace.companyId, name: "Test campaign" });
  for (const step of steps) {
    if (step.stepType === "email") {
      await client.campaigns.steps.add.mutate({ campaignId: campaign.id, templateId: template.id, ...step });
    } else {
      await client.campaigns.steps.add.mutate({ campaignId: campaign.id, ...step });
    }
  }
  if (options.sendingWindow) {
    await client.campaigns.update.mutate({ id: campaign.id, sendingWindow: options.sendingWindow });
  }
  await client.campaigns.leads.add.mutate({ campaignId: campaign.id, leadIds: [lead.id] });
  await client.campaigns.launch.mutate({ id: campaign.id });
  return { lead, campaign, template };
}
