// From nothing to a campaign through the SDK: sign up, pick a plan, create an API key, add a
// workspace, a sending domain (with the DNS records to publish), a mailbox, leads, a template
// and a two-step campaign; preview it for a lead, and see launch refused until DNS is verified.
// Usage: pnpm --filter @outbound/examples quickstart   (OUTBOUND_URL defaults to http://127.0.0.1:3000)
import { ConflictError, createOutboundClient, OutboundError } from "@outbound/sdk";

const baseUrl = process.env.OUTBOUND_URL ?? "http://127.0.0.1:3000";
const run = Date.now().toString(36);

async function main(): Promise<void> {
  const anonymous = createOutboundClient({ baseUrl });
  const info = await anonymous.system.info.query();
  console.log(`Connected to ${info.name} API v${info.apiVersion} at ${baseUrl}`);

  // 1. Sign up: a user, a tenant on the free plan, and a session token.
  const signUp = await anonymous.auth.signUp.mutate({
    email: `founder-${run}@example.com`,
    password: "a long and unguessable passphrase",
    name: "Ada Founder",
    tenantName: `Quickstart ${run}`,
  });
  const session = createOutboundClient({ baseUrl, apiKey: signUp.token });
  console.log(`Signed up ${signUp.user.email}: tenant ${signUp.tenant.name}`);

  // 2. The free plan has no API access: move to starter (an upgrade applies at once), then create an API key.
  await session.billing.changePlan.mutate({ planSlug: "starter" });
  const created = await session.apiKeys.create.mutate({ name: "quickstart", idempotencyKey: `key-${run}` });
  if (!created.key) throw new Error("the API key's secret is shown only once, at creation");
  console.log(`API key ${created.prefix}… created (the secret is shown only once)`);
  const outbound = createOutboundClient({ baseUrl, apiKey: created.key });

  // 3. A workspace and a sending domain, with the DNS records to publish.
  const company = await outbound.companies.create.mutate({ name: "Quickstart Co", workspaceName: `quickstart-${run}` });
  const domain = await outbound.domains.create.mutate({ companyId: company.id, domain: `mail-${run}.example.com` });
  console.log(`\nPublish these records for ${domain.domain}:`);
  for (const r of domain.dnsRecords) console.log(`  ${r.type.padEnd(4)} ${r.host}  ${r.value.slice(0, 60)}`);

  // 4. A mailbox on that domain: its password goes to the secret store and never comes back.
  const mailbox = await outbound.emailAccounts.create.mutate({
    domainId: domain.id,
    email: `ada@${domain.domain}`,
    smtp: { host: "smtp.example.com", port: 587, security: "starttls", username: "ada", password: "smtp-password" },
  });
  console.log(`\nMailbox ${mailbox.email} (SMTP password stored: ${mailbox.hasSmtpPassword})`);

  // 5. Leads, then a template with variables, fallbacks and spintax.
  const leads = [];
  for (const person of [
    { email: "grace@example.org", name: "Grace Hopper", company: "Navy Labs" },
    { email: "alan@example.org", name: "Alan Turing" },
  ]) {
    try {
      leads.push(await outbound.leads.create.mutate(person));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  const template = await outbound.templates.create.mutate({
    name: "First touch",
    subject: "{Quick question|A thought} for {{company|your team}}",
    content: "{Hi|Hello} {{first_name|there}},\n\nWould a short call next week be useful?\n\nAda",
  });

  // 6. A campaign: an email, a wait, a follow-up.
  const campaign = await outbound.campaigns.create.mutate({ companyId: company.id, name: "Quickstart sequence" });
  await outbound.campaigns.steps.add.mutate({
    campaignId: campaign.id,
    stepType: "email",
    templateId: template.id,
    emailAccountId: mailbox.id,
  });
  await outbound.campaigns.steps.add.mutate({ campaignId: campaign.id, stepType: "wait", waitDurationHours: 48 });
  await outbound.campaigns.steps.add.mutate({
    campaignId: campaign.id,
    stepType: "email",
    templateId: template.id,
    emailAccountId: mailbox.id,
    subjectOverride: "Following up",
  });
  const lead = leads[0];
  if (lead) {
    const preview = await outbound.campaigns.preview.query({ id: campaign.id, leadId: lead.id });
    console.log(`\nPreview for ${lead.email}:`);
    for (const step of preview) console.log(`  step ${step.stepOrder}: ${step.subject ?? "(no email)"}`);
  }

  // 7. Launch is refused, with every reason at once, until the domain's DNS is verified.
  try {
    await outbound.campaigns.launch.mutate({ id: campaign.id });
    console.log("\nLaunched");
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    console.log(`\nLaunch refused: ${error.message}`);
    for (const blocker of error.blockers ?? []) console.log(`  - ${blocker}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof OutboundError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
