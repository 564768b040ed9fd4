// `pnpm bench`: starts what each case needs on loopback, runs the cases, prints a table and
// writes bench/results/latest.json.
// Flags: --db=postgres,pglite  --cases=list,batch,import,search,memory,startup,tsc,size,engine,claim,engine-memory,testkit  --quick
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { batch } from "./cases/batch.js";
import { claimCase } from "./cases/claim.js";
import { engineCase } from "./cases/engine.js";
import { engineMemory } from "./cases/engine-memory.js";
import { importCase } from "./cases/import.js";
import { listOverhead } from "./cases/list-overhead.js";
import { memory } from "./cases/memory.js";
import { consumerTsc, sdkSize } from "./cases/sdk-cost.js";
import { searchCase } from "./cases/search.js";
import { timeToReady } from "./cases/startup.js";
import { testkitStartup } from "./cases/testkit-startup.js";
import { type DbKind, prepareDatabase } from "./database.js";

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, "").split("=");
    return [key ?? "", value ?? "true"];
  }),
);
const quick = args.get("quick") === "true";
// `--db=` (none) runs only the cases that need no prepared database (tsc, size, testkit).
const kinds = (args.get("db") ?? "postgres,pglite").split(",").filter(Boolean) as DbKind[];
const cases = new Set((args.get("cases") ?? "list,batch,import,search,memory,startup,tsc,size").split(","));
const seconds = quick ? 3 : 10;
/** PGlite seeds a million enrollments too slowly for a shared 2-core machine: a fifth of them, same due count. */
const PGLITE_CLAIM_ROWS = 200_000;
const rounds = quick ? 1 : 3;

const results: Record<string, unknown> = {
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  date: new Date().toISOString(),
  settings: { seconds, rounds, connections: 10 },
};
const rows: string[] = [];
const row = (...cells: (string | number)[]) => rows.push(`| ${cells.join(" | ")} |`);

for (const kind of kinds) {
  const db = await prepareDatabase(kind, 1000);
  try {
    if (cases.has("list")) {
      const r = await listOverhead(db, { seconds, rounds, connections: 10 });
      results[`list/${kind}`] = r;
      row(
        `leads.list, 50 rows, tRPC over HTTP (${kind})`,
        `${r.trpc.requestsPerSec} req/s`,
        `p50 ${r.trpc.p50Ms} ms, p99 ${r.trpc.p99Ms} ms`,
      );
      row(
        `same SQL, plain Hono route (${kind})`,
        `${r.plain.requestsPerSec} req/s`,
        `p50 ${r.plain.p50Ms} ms, p99 ${r.plain.p99Ms} ms`,
      );
      row(
        `plain route with the same key cache (${kind})`,
        `${r.plainCached.requestsPerSec} req/s`,
        `p50 ${r.plainCached.p50Ms} ms, p99 ${r.plainCached.p99Ms} ms`,
      );
      row(`same SQL, driver in-process (${kind})`, `${r.driverOpsPerSec} ops/s`, "");
      row(`ratio tRPC / plain route (${kind})`, `**${r.ratioTrpcToPlain}×**`, "target ≥ 0.9×");
      row(
        `ratio tRPC / plain route with the same cache (${kind})`,
        `**${r.ratioTrpcToPlainCached}×**`,
        "framework cost alone",
      );
    }
    if (cases.has("batch")) {
      const r = await batch(db, quick ? 20 : 100);
      results[`batch/${kind}`] = r;
      row(`10 queries, one batched request (${kind})`, `p50 ${r.batchedP50Ms} ms`, "");
      row(`10 queries, 10 parallel requests (${kind})`, `p50 ${r.separateParallelP50Ms} ms`, "");
      row(`10 queries, 10 sequential requests (${kind})`, `p50 ${r.separateSequentialP50Ms} ms`, "");
    }
    if (cases.has("import")) {
      const r = await importCase(db, 10_000);
      results[`import/${kind}`] = r;
      row(`leads.import 10 000 new rows over HTTP (${kind})`, `${r.importNewRowsPerSec} rows/s`, "");
      row(`leads.import 10 000 rows, half duplicates (${kind})`, `${r.importHalfDuplicatesRowsPerSec} rows/s`, "");
      row(`COPY of 10 000 rows (${kind})`, `${r.copyRowsPerSec} rows/s`, `import / COPY = ${r.ratioImportToCopy}×`);
    }
    if (cases.has("memory")) {
      const r = await memory(db, quick ? 5 : 30);
      results[`memory/${kind}`] = r;
      row(`server RSS idle (${kind})`, `${r.idleRssMiB} MiB`, "");
      row(
        `server RSS peak, 50 connections ${quick ? 5 : 30} s (${kind})`,
        `${r.loadedPeakRssMiB} MiB`,
        `${r.requestsPerSecUnderLoad} req/s`,
      );
    }
    if (cases.has("startup")) {
      const existing = await timeToReady(db.env);
      results[`startup/${kind}/existing`] = existing;
      row(`start → /readyz, existing database (${kind})`, `${existing} ms`, "");
      if (kind === "pglite") {
        const dir = mkdtempSync(join(tmpdir(), "outbound-bench-fresh-"));
        try {
          const fresh = await timeToReady({ DATA_DIR: join(dir, "pglite") });
          results["startup/pglite/fresh"] = fresh;
          row("start → /readyz, fresh data dir: initdb, migrations, seed (pglite)", `${fresh} ms`, "");
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    if (cases.has("engine")) {
      const r = await engineCase(db, quick ? 2_000 : 10_000);
      results[`engine/${kind}`] = r;
      const pool = `${r.mailboxes} mailboxes × ${r.maxConnections} connections, ${r.concurrency} in flight`;
      row(
        `engine drain, ${r.messages.toLocaleString("en")} DKIM-signed messages to the sink (${kind})`,
        `${r.engineMessagesPerSec} msg/s`,
        pool,
      );
      row(`nodemailer alone, same message, key, pool and sink (${kind})`, `${r.nodemailerMessagesPerSec} msg/s`, "");
      row(`ratio engine / nodemailer (${kind})`, `**${r.ratioEngineToNodemailer}×**`, "target ≥ 0.8×");
    }
    if (cases.has("engine-memory")) {
      const r = await engineMemory(db, quick ? 10_000 : 100_000);
      results[`engine-memory/${kind}`] = r;
      row(
        `worker RSS over ${r.messages.toLocaleString("en")} messages, in-process (${kind})`,
        `start ${r.startRssMiB} / peak ${r.peakRssMiB} / end ${r.endRssMiB} MiB`,
        `last / first quarter ${r.lastToFirstQuarter}× (${r.flat ? "flat" : "growing"}), ${r.messagesPerSec} msg/s`,
      );
    }
    if (cases.has("claim")) {
      // Adds a million enrollments: after the cases that send.
      const r = await claimCase(db, {
        rows: quick ? 100_000 : kind === "pglite" ? PGLITE_CLAIM_ROWS : 1_000_000,
        due: quick ? 1_000 : 10_000,
      });
      results[`claim/${kind}`] = r;
      const scale = `${r.rows.toLocaleString("en")} enrollments, ${r.due.toLocaleString("en")} due`;
      row(
        `claimDueEnrollments, batch of ${r.batch}, ${scale} (${kind})`,
        `p50 ${r.claim.p50Ms} ms, p99 ${r.claim.p99Ms} ms, max ${r.claim.maxMs} ms`,
        `${r.claim.count} claims; target p99 < 20 ms`,
      );
      row(
        `findDueCampaigns, ${scale} (${kind})`,
        `p50 ${r.discovery.p50Ms} ms, p99 ${r.discovery.p99Ms} ms, max ${r.discovery.maxMs} ms`,
        `${r.discovery.count} calls; seeded in ${r.seedSeconds} s`,
      );
    }
    if (cases.has("search")) {
      // Last for this database: it adds a million leads.
      const leads = quick ? 100_000 : 1_000_000;
      const r = await searchCase(db, leads, seconds);
      results[`search/${kind}`] = r;
      for (const [label, t] of Object.entries(r.terms)) {
        row(
          `leads.list search "${t.term}", ${label}: ${t.matches.toLocaleString("en")} matches, ${leads.toLocaleString("en")}-lead tenant (${kind})`,
          `p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms (one client)`,
          `${t.requestsPerSec} req/s (10 connections)`,
        );
      }
      row(`seeding ${leads.toLocaleString("en")} leads by COPY, with the indexes (${kind})`, `${r.seedSeconds} s`, "");
    }
  } finally {
    await db.dispose();
  }
}

if (cases.has("testkit")) {
  const r = testkitStartup(rounds + 2);
  results.testkitStartup = r;
  row(
    "testkit `createTestOutbound()`, first in a process",
    `${r.firstMs} ms`,
    `later ones: median ${r.nextMedianMs} ms (CPU ${r.nextCpuMedianMs} ms); import ${r.importMs} ms; close ${r.closeMedianMs} ms`,
  );
}
if (cases.has("tsc")) {
  const r = consumerTsc();
  results.consumerTsc = r;
  row(
    "consumer `tsc --noEmit`, 20 SDK procedures (TypeScript 7)",
    `${r.twentyProceduresMs} ms`,
    `empty file: ${r.emptyFileMs} ms`,
  );
}
if (cases.has("size")) {
  const r = sdkSize();
  results.sdkSize = r;
  row(
    "SDK bundle, ESM, min + gzip",
    `${(r.esm.gzip / 1024).toFixed(1)} kB`,
    `with @trpc/client + superjson: ${(r.withDependencies.gzip / 1024).toFixed(1)} kB`,
  );
}

const outDir = fileURLToPath(new URL("../results/", import.meta.url));
mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(
  `\n| case | result | detail |\n|---|---|---|\n${rows.join("\n")}\n\nwrote bench/results/latest.json\n`,
);
