// End to end on one machine: a sending domain verified against a local DNS server, a mailbox on a
// local SMTP server, leads enrolled in a launched campaign, and the engine's mail received and
// DKIM-verified with mailauth against the records Outbound generated.
// Usage: start the server with DNS_SERVERS=127.0.0.1:5354 (so it verifies domains with the DNS
// server this script starts), then
//   OUTBOUND_API_KEY=ob_live_… EXAMPLE_DNS_PORT=5354 pnpm --filter @outbound/examples send-campaign
import { createOutboundClient, OutboundError } from "@outbound/sdk";
import { dkimVerify } from "mailauth";
import { startLocalDns, startLocalSmtp } from "./local-mail.js";

const baseUrl = process.env.OUTBOUND_URL ?? "http://127.0.0.1:3000";
const apiKey = process.env.OUTBOUND_API_KEY ?? "";
const dnsPort = Number(process.env.EXAMPLE_DNS_PORT ?? 5354);
const run = Date.now().toString(36);
const LEADS = 3;

async function main(): Promise<void> {
  if (!apiKey) throw new Error("Set OUTBOUND_API_KEY to an API key of your tenant (ob_live_…)");
  const outbound = createOutboundClient({ baseUrl, apiKey });
  const dns = await startLocalDns(dnsPort);
  const smtp = await startLocalSmtp();
  try {
    // 1. A domain whose records are published on the local DNS server, then verified.
    const companies = await outbound.companies.list.query({ limit: 1 });
    const company =
      companies.items[0] ??
      (await outbound.companies.create.mutate({ name: "Example Co", workspaceName: `example-${run}` }));
    const domain = await outbound.domains.create.mutate({ companyId: company.id, domain: `send-${run}.example.test` });
    dns.publish(domain.dnsRecords);
    const verifying = performance.now();
    const verified = await outbound.domains.verify.mutate({ id: domain.id });
    console.log(`Verified in ${((performance.now() - verifying) / 1000).toFixed(1)} s`);
    if (verified.verificationStatus !== "verified") {
      throw new Error(
        `${domain.domain} is ${verified.verificationStatus}: start the server with DNS_SERVERS=127.0.0.1:${dnsPort} (${verified.dnsVerificationError ?? "no error"})`,
      );
    }
    const dkimHost = domain.dnsRecords.find((r) => r.purpose === "dkim")?.host;
    console.log(`Domain ${domain.domain} verified (DKIM key published at ${dkimHost})`);

    // 2. A mailbox that sends through the local SMTP server.
    const mailbox = await outbound.emailAccounts.create.mutate({
      domainId: domain.id,
      email: `sam@${domain.domain}`,
      smtp: { host: "127.0.0.1", port: smtp.port, security: "none", username: "sam", password: "local-password" },
    });

    // 3. Leads, a template and a one-email campaign from that mailbox; enroll, launch.
    const leads = [];
    for (let i = 1; i <= LEADS; i++) {
      leads.push(
        await outbound.leads.create.mutate({ email: `lead${i}-${run}@receiver.example.test`, name: `Lead ${i}` }),
      );
    }
    const template = await outbound.templates.create.mutate({
      name: `Local send ${run}`,
      subject: "{Hello|Hi} {{first_name|there}}",
      content: "Hi {{first_name|there}},\n\nThis message was signed by Outbound and checked by mailauth.\n",
    });
    const campaign = await outbound.campaigns.create.mutate({ companyId: company.id, name: `Local send ${run}` });
    await outbound.campaigns.steps.add.mutate({
      campaignId: campaign.id,
      stepType: "email",
      templateId: template.id,
      emailAccountId: mailbox.id,
    });
    const enrolled = await outbound.campaigns.leads.add.mutate({
      campaignId: campaign.id,
      leadIds: leads.map((l) => l.id),
    });
    await outbound.campaigns.launch.mutate({ id: campaign.id });
    const launched = performance.now();
    console.log(`Enrolled ${enrolled.added} leads and launched "${campaign.name}"`);

    // 4. The engine (inside the server) sends; wait for every message to reach the SMTP server.
    const deadline = Date.now() + 60_000;
    while (smtp.received.length < LEADS) {
      if (Date.now() > deadline) throw new Error(`only ${smtp.received.length} of ${LEADS} messages arrived in 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    console.log(`${LEADS} messages received ${((performance.now() - launched) / 1000).toFixed(1)} s after the launch`);

    // 5. Each message's DKIM signature, checked against the key published for the domain.
    let passed = 0;
    for (const mail of smtp.received) {
      const result = await dkimVerify(mail.raw, {
        resolver: async (name: string, type: string) => {
          if (type !== "TXT") throw Object.assign(new Error(`no ${type} for ${name}`), { code: "ENOTFOUND" });
          return dns.txt(name) as never;
        },
      });
      const dkim = result.results[0];
      const ok = dkim?.status.result === "pass" && dkim.signingDomain === domain.domain;
      if (ok) passed++;
      console.log(`  ${mail.to.join(", ")}: dkim=${dkim?.status.result ?? "none"} d=${dkim?.signingDomain ?? "-"}`);
    }
    const stats = await outbound.campaigns.stats.query({ id: campaign.id });
    console.log(`Campaign stats: ${stats.totals.sent} sent, ${stats.totals.bounced} bounced`);
    if (passed !== LEADS) throw new Error(`${LEADS - passed} of ${LEADS} messages failed DKIM verification`);
    console.log(`All ${LEADS} messages arrived DKIM-signed for ${domain.domain}`);
  } finally {
    await smtp.close();
    await dns.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof OutboundError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
