import { createOutboundClient, type OutboundClientError, TRPCClientError } from "@outbound/sdk";

const baseUrl = process.env.OUTBOUND_URL ?? "http://127.0.0.1:3000";
const apiKey = process.env.OUTBOUND_API_KEY ?? "";

const people = [
  { email: "ada@example.com", name: "Ada Lovelace", company: "Analytical Engines" },
  { email: "grace@example.com", name: "Grace Hopper", company: "US Navy" },
];

async function main(): Promise<void> {
  if (!apiKey) throw new Error("Set OUTBOUND_API_KEY to an API key of your tenant (ob_live_…)");
  const outbound = createOutboundClient({ baseUrl, apiKey });

  const info = await outbound.system.info.query();
  console.log(`Connected to ${info.name} API v${info.apiVersion} at ${baseUrl}`);

  for (const person of people) {
    // A fixed key per lead makes re-running safe: within 24 h the server replays the first result.
    const idempotencyKey = `quickstart:${person.email.replace("@", ".")}`;
    try {
      const lead = await outbound.leads.create.mutate({ ...person, idempotencyKey });
      console.log(`Lead ${lead.id}: ${lead.email} (${lead.status}), created ${lead.created.toISOString()}`);
    } catch (error) {
      // After the key expires, a re-run meets the lead itself: the email is unique per tenant.
      if (!(error instanceof TRPCClientError) || error.data?.code !== "CONFLICT") throw error;
      console.log(`Lead ${person.email} already exists`);
    }
  }

  const page = await outbound.leads.list.query({ limit: 10 });
  console.log(`\nNewest ${page.items.length} leads${page.nextCursor ? " (more available)" : ""}:`);
  for (const lead of page.items) {
    console.log(
      `  ${lead.created.toISOString()}  ${lead.email.padEnd(28)} ${lead.name ?? "-"} @ ${lead.company ?? "-"}`,
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof TRPCClientError) {
    const { data, message } = error as OutboundClientError;
    // No `data` means no tRPC answer came back: the server is down or the URL is wrong.
    console.error(data ? `Outbound API error ${data.code}: ${message}` : `Could not reach ${baseUrl}: ${message}`);
    if (data?.fieldErrors) console.error(data.fieldErrors);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exitCode = 1;
});
