import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createPglite, newId } from "@outbound/db";
import postgres from "postgres";
import type { BenchDatabase } from "../database.js";
import { median } from "../load.js";
import { startServer } from "../server-process.js";

export interface ImportResult {
  rows: number;
  runs: number;
  importNewRowsPerSec: number;
  importHalfDuplicatesRowsPerSec: number;
  copyRowsPerSec: number;
  ratioImportToCopy: number;
}

const rowsFor = (prefix: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => ({
    email: `${prefix}${from + i}@import.example`,
    name: `Imported ${from + i}`,
    company: `Company ${(from + i) % 113}`,
  }));

async function importOverHttp(url: string, apiKey: string, rows: unknown[]): Promise<number> {
  const body = JSON.stringify({ json: { rows, onDuplicate: "skip" } });
  const started = performance.now();
  const res = await fetch(`${url}/trpc/leads.import`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body,
  });
  if (!res.ok) throw new Error(`leads.import: HTTP ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now() - started;
}

function csvOf(tenantId: string, rows: { email: string; name: string; company: string }[]): string {
  return rows.map((r) => `${tenantId},${newId()},${r.email},${r.name},${r.company},new`).join("\n");
}

const COPY_COLUMNS = "(tenant_id, id, email, name, company, status)";

/** The floor: the same rows through COPY, straight into the table. */
async function copyRows(db: BenchDatabase, rows: { email: string; name: string; company: string }[]): Promise<number> {
  const csv = `${csvOf(db.tenantId, rows)}\n`;
  if (db.kind === "postgres") {
    const sql = postgres(db.env.DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
    try {
      const started = performance.now();
      const writable = await sql`copy leads ${sql.unsafe(COPY_COLUMNS)} from stdin with (format csv)`.writable();
      await pipeline(Readable.from([csv]), writable);
      return performance.now() - started;
    } finally {
      await sql.end();
    }
  }
  const client = createPglite({ dataDir: db.env.DATA_DIR });
  try {
    const started = performance.now();
    await client.query(`copy leads ${COPY_COLUMNS} from '/dev/blob' with (format csv)`, [], {
      blob: new Blob([csv]),
    });
    return performance.now() - started;
  } finally {
    await client.close();
  }
}

/**
 * leads.import of `count` new rows and of `count` rows half of which exist, against COPY of `count`
 * rows; each measured `runs` times with fresh emails, the median kept.
 */
export async function importCase(db: BenchDatabase, count: number, runs = 3): Promise<ImportResult> {
  const copyMs: number[] = [];
  for (let run = 0; run < runs; run++) copyMs.push(await copyRows(db, rowsFor(`copy${run}-`, count)));
  const server = await startServer("./bench-server.ts", db.env);
  const newMs: number[] = [];
  const halfMs: number[] = [];
  try {
    await importOverHttp(server.url, db.apiKey, rowsFor("warm", 100));
    for (let run = 0; run < runs; run++) {
      newMs.push(await importOverHttp(server.url, db.apiKey, rowsFor(`fresh${run}-`, count)));
      // The second half of these rows exists from the line above; the first half is new.
      halfMs.push(await importOverHttp(server.url, db.apiKey, rowsFor(`fresh${run}-`, count, -count / 2)));
    }
  } finally {
    await server.stop();
  }
  await db.analyze();
  const perSec = (ms: number) => Math.round((count / ms) * 1000);
  return {
    rows: count,
    runs,
    importNewRowsPerSec: perSec(median(newMs)),
    importHalfDuplicatesRowsPerSec: perSec(median(halfMs)),
    copyRowsPerSec: perSec(median(copyMs)),
    ratioImportToCopy: Math.round((median(copyMs) / median(newMs)) * 100) / 100,
  };
}
