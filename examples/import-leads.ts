// Imports a CSV of leads (columns: email, name, company, optional status) with a progress bar.
// Usage: OUTBOUND_API_KEY=ob_live_… pnpm --filter @outbound/examples import-leads [file.csv]
import { createReadStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { createOutboundClient, type ImportLeadRow, importLeads, OutboundError } from "@outbound/sdk";
import { SingleBar } from "cli-progress";
import { parse } from "csv-parse";

const baseUrl = process.env.OUTBOUND_URL ?? "http://127.0.0.1:3000";
const apiKey = process.env.OUTBOUND_API_KEY ?? "";
const file = process.argv[2] ?? fileURLToPath(new URL("./data/leads.csv", import.meta.url));

/** Streams the file row by row, so a file of any size never sits in memory whole. */
async function* rowsOf(path: string): AsyncGenerator<ImportLeadRow> {
  const parser = createReadStream(path).pipe(parse({ columns: true, skip_empty_lines: true, trim: true }));
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    yield {
      email: record.email ?? "",
      ...(record.name ? { name: record.name } : {}),
      ...(record.company ? { company: record.company } : {}),
    };
  }
}

async function main(): Promise<void> {
  if (!apiKey) throw new Error("Set OUTBOUND_API_KEY to an API key of your tenant (ob_live_…)");
  const outbound = createOutboundClient({ baseUrl, apiKey });
  const bar = new SingleBar({
    format: "Importing [{bar}] {value} rows | {inserted} new, {updated} updated, {skipped} skipped",
  });
  bar.start(0, 0, { inserted: 0, updated: 0, skipped: 0 });
  const result = await importLeads(outbound, rowsOf(file), {
    chunkSize: 500,
    onDuplicate: "skip",
    onProgress: (progress) => {
      bar.setTotal(progress.totalRows ?? progress.rowsDone);
      bar.update(progress.rowsDone, progress);
    },
  });
  bar.stop();
  console.log(
    `Done: ${result.inserted} inserted, ${result.updated} updated, ${result.skipped} skipped, ${result.invalid.length} invalid`,
  );
  for (const row of result.invalid.slice(0, 5)) console.log(`  row ${row.index + 1} (${row.email}): ${row.reason}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof OutboundError ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
