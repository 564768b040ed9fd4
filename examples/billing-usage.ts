// Billing through the SDK: plans, usage against every limit, an upgrade, payments, an add-on
// and a downgrade scheduled for the period's end. Billing needs the owner or billing role, so
// this signs in (OUTBOUND_EMAIL / OUTBOUND_PASSWORD) or, without them, signs up a new tenant.
// Usage: pnpm --filter @outbound/examples billing-usage
import { ConflictError, createOutboundClient, OutboundError } from "@outbound/sdk";

const baseUrl = process.env.OUTBOUND_URL ?? "http://127.0.0.1:3000";

async function sessionToken(): Promise<string> {
  const anonymous = createOutboundClient({ baseUrl });
  const email = process.env.OUTBOUND_EMAIL;
  const password = process.env.OUTBOUND_PASSWORD;
  if (email && password) return (await anonymous.auth.signIn.mutate({ email, password })).token;
  const run = Date.now().toString(36);
  const signUp = await anonymous.auth.signUp.mutate({
    email: `billing-${run}@example.com`,
    password: "a long and unguessable passphrase",
    name: "Bill Owner",
    tenantName: `Billing demo ${run}`,
  });
  return signUp.token;
}

const dollars = (cents: number) => `$${(cents / 100).toFixed(2)}`;

async function main(): Promise<void> {
  const outbound = createOutboundClient({ baseUrl, apiKey: await sessionToken() });

  console.log("Plans:");
  for (const plan of await outbound.billing.plans.query()) {
    console.log(
      `  ${plan.slug.padEnd(8)} ${dollars(plan.priceMonthly).padStart(8)}/month  ${plan.maxContacts} contacts`,
    );
  }

  const printUsage = async (title: string) => {
    const usage = await outbound.billing.usage.query();
    console.log(`\n${title} (plan: ${usage.plan?.slug ?? "none"})`);
    for (const row of usage.limits) console.log(`  ${row.limit.padEnd(24)} ${row.used} / ${row.allowed}`);
  };
  await printUsage("Usage");

  const current = await outbound.billing.subscription.query();
  if (current?.plan?.slug !== "growth") {
    await outbound.billing[current ? "changePlan" : "subscribe"].mutate({ planSlug: "growth" });
  }
  await outbound.billing.addons.add.mutate({ type: "contacts", quantity: 5_000 });
  await printUsage("After upgrading to growth with 5 000 extra contacts");

  console.log("\nPayments:");
  for (const payment of (await outbound.billing.payments.list.query({})).items) {
    console.log(
      `  ${payment.created.toISOString().slice(0, 10)}  ${dollars(payment.amountCents)} ${payment.currency}  ${payment.status}`,
    );
  }

  try {
    await outbound.billing.changePlan.mutate({ planSlug: "starter" });
    const after = await outbound.billing.subscription.query();
    console.log(`\nDowngrade to starter scheduled for ${after?.currentPeriodEnd?.toISOString().slice(0, 10)}`);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    console.log(`\nDowngrade refused: ${error.message}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof OutboundError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
