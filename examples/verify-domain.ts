// Adds a sending domain, prints the DNS records to publish, and checks them.
// Usage: OUTBOUND_API_KEY=ob_live_… pnpm --filter @outbound/examples verify-domain [domain]
import { createOutboundClient, OutboundError } from "@outbound/sdk";

const baseUrl = process.env.OUTBOUND_URL ?? "http://127.0.0.1:3000";
const apiKey = process.env.OUTBOUND_API_KEY ?? "";
const domainName = process.argv[2] ?? `outreach-${Date.now().toString(36)}.example.com`;

async function main(): Promise<void> {
  if (!apiKey) throw new Error("Set OUTBOUND_API_KEY to an API key of your tenant (ob_live_…)");
  const outbound = createOutboundClient({ baseUrl, apiKey });

  const companies = await outbound.companies.list.query({ limit: 1 });
  const company =
    companies.items[0] ??
    (await outbound.companies.create.mutate({
      name: "Example Co",
      workspaceName: `example-${Date.now().toString(36)}`,
    }));

  const domain = await outbound.domains.create.mutate({ companyId: company.id, domain: domainName });
  console.log(`Publish these records for ${domain.domain}:`);
  for (const record of domain.dnsRecords) {
    const value = record.value.length > 70 ? `${record.value.slice(0, 67)}...` : record.value;
    console.log(`  ${record.purpose.padEnd(9)} ${record.type.padEnd(5)} ${record.host}  ${value}`);
  }

  const checked = await outbound.domains.verify.mutate({ id: domain.id });
  console.log(`\nVerification: ${checked.verificationStatus} (attempt ${checked.dnsVerificationAttempts})`);
  for (const record of checked.dnsRecords) console.log(`  ${record.purpose.padEnd(9)} ${record.status ?? "unchecked"}`);
  if (checked.dnsVerificationError) console.log(`  ${checked.dnsVerificationError}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof OutboundError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
