// Staff run the sending-IP pool through the same SDK: add a server and its IPs, record a
// reputation check, and give a customer's domain the healthiest, least-loaded IP.
// Needs a staff user (create one: pnpm --filter @outbound/server cli staff:create --email … --role superadmin)
// Usage: OUTBOUND_STAFF_EMAIL=… OUTBOUND_STAFF_PASSWORD=… pnpm --filter @outbound/examples admin-ip-pool
import { createOutboundClient, OutboundError } from "@outbound/sdk";

const baseUrl = process.env.OUTBOUND_URL ?? "http://127.0.0.1:3000";
const email = process.env.OUTBOUND_STAFF_EMAIL ?? "";
const password = process.env.OUTBOUND_STAFF_PASSWORD ?? "";
const run = Date.now().toString(36);
const octet = () => 1 + Math.floor(Math.random() * 250);

async function main(): Promise<void> {
  if (!email || !password) throw new Error("Set OUTBOUND_STAFF_EMAIL and OUTBOUND_STAFF_PASSWORD of a staff user");
  const anonymous = createOutboundClient({ baseUrl });
  const staff = createOutboundClient({
    baseUrl,
    apiKey: (await anonymous.auth.signIn.mutate({ email, password })).token,
  });

  // A server with two sending IPs; one of them fails a blacklist check.
  const vps = await staff.admin.vps.create.mutate({
    hostwindsInstanceId: `hw-${run}`,
    ipAddress: `198.51.100.${octet()}`,
    region: "us-east",
    status: "active",
    monthlyCost: "24.00",
  });
  const good = await staff.admin.smtpIps.create.mutate({
    vpsInstanceId: vps.id,
    ipAddress: `203.0.113.${octet()}`,
    approximateCost: "3.50",
  });
  const listed = await staff.admin.smtpIps.create.mutate({
    vpsInstanceId: vps.id,
    ipAddress: `192.0.2.${octet()}`,
    approximateCost: "3.50",
  });
  await staff.admin.smtpIps.recordReputation.mutate({
    id: listed.id,
    reputationState: "poor",
    providerBlacklistStatus: { spamhaus: true, barracuda: false },
  });
  console.log(
    `VPS ${vps.hostwindsInstanceId} with IPs ${good.ipAddress} (clean) and ${listed.ipAddress} (blacklisted)`,
  );

  // A customer with a sending domain (signed up here so the example stands alone).
  const customer = await anonymous.auth.signUp.mutate({
    email: `customer-${run}@example.com`,
    password: "a long and unguessable passphrase",
    name: "Casey Customer",
    tenantName: `Customer ${run}`,
  });
  const asCustomer = createOutboundClient({ baseUrl, apiKey: customer.token });
  const company = await asCustomer.companies.create.mutate({ name: "Customer Co", workspaceName: `customer-${run}` });
  const domain = await asCustomer.domains.create.mutate({ companyId: company.id, domain: `send-${run}.example.com` });

  const assignment = await staff.admin.ipAssignments.assign.mutate({
    tenantId: customer.tenant.id,
    domainId: domain.id,
  });
  console.log(
    `Assigned ${domain.domain} → IP ${assignment.smtpIpAddressId === good.id ? good.ipAddress : assignment.smtpIpAddressId}`,
  );
  await staff.admin.ipAssignments.updateWarmup.mutate({
    tenantId: customer.tenant.id,
    id: assignment.id,
    warmupState: "warming",
  });

  // What the customer sees of the pool: their domain's IP and warmup state, nothing more.
  const seen = await asCustomer.domains.get.query({ id: domain.id });
  console.log(`The customer sees: ${JSON.stringify(seen.ipAssignment)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof OutboundError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
