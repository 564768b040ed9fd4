import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createPglite, newId, schema } from "@outbound/db";
import { and, count, eq, ilike, or } from "drizzle-orm";
import postgres from "postgres";
import type { BenchDatabase } from "../database.js";
import { load } from "../load.js";
import { startServer } from "../server-process.js";

export interface SearchTermResult {
  term: string;
  /** The tenant searching: the big one, or a small one beside it. */
  tenantId: string;
  matches: number;
  /** One connection, one request at a time: the latency one user sees. */
  p50Ms: number;
  p99Ms: number;
  /** Requests per second with 10 connections. */
  requestsPerSec: number;
}

export interface SearchResult {
  leads: number;
  seedSeconds: number;
  /** Per search term, keyed by what the term matches: latency seen by one client, throughput with 10. */
  terms: Record<string, SearchTermResult>;
}

/**
 * Search terms from rare to common. The seeded rows are `person<n>@big<n % 5000>.example`,
 * `Person <n>`, `Company <n % 20011>`, so each term's match count follows from `count`.
 */
const TERMS: { label: string; term: string; small?: true }[] = [
  { label: "no match", term: "zzqx" },
  { label: "rare (one email and its extensions)", term: "person12345" },
  { label: "one email domain", term: "big42." },
  { label: "common (a company prefix)", term: "company 7" },
  // Another tenant of 1 000 leads searching the same database: what the big tenant's rows cost it.
  { label: "by a 1 000-lead tenant beside it", term: "person123", small: true },
];

/** The seeded leads, CSV for COPY, in chunks so memory stays flat. */
function* csvChunks(tenantId: string, count: number, chunk: number): Generator<string> {
  for (let start = 0; start < count; start += chunk) {
    const lines = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => {
      const n = start + i;
      return `${tenantId},${newId()},person${n}@big${n % 5000}.example,Person ${n},Company ${n % 20011},new`;
    });
    yield `${lines.join("\n")}\n`;
  }
}

const COPY = "copy leads (tenant_id, id, email, name, company, status)";

/** Adds `count` leads to the bench tenant with COPY, then refreshes the planner's statistics. */
async function seedMany(db: BenchDatabase, count: number): Promise<void> {
  if (db.kind === "postgres") {
    const sql = postgres(db.env.DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
    try {
      for (const csv of csvChunks(db.tenantId, count, 100_000)) {
        const writable = await sql`${sql.unsafe(COPY)} from stdin with (format csv)`.writable();
        await pipeline(Readable.from([csv]), writable);
      }
      // What autovacuum does soon after a bulk load: flushes the GIN pending lists, refreshes statistics.
      await sql`vacuum analyze leads`;
    } finally {
      await sql.end();
    }
    return;
  }
  const client = createPglite({ dataDir: db.env.DATA_DIR });
  try {
    for (const csv of csvChunks(db.tenantId, count, 100_000)) {
      await client.query(`${COPY} from '/dev/blob' with (format csv)`, [], { blob: new Blob([csv]) });
    }
    await client.query("vacuum analyze leads");
  } finally {
    await client.close();
  }
}

async function countMatches(db: BenchDatabase, tenantId: string, term: string): Promise<number> {
  const handle = await db.open();
  try {
    const pattern = `%${term}%`;
    const { leads } = schema;
    const [row] = await handle.db
      .select({ n: count() })
      .from(leads)
      .where(
        and(
          eq(leads.tenantId, tenantId),
          or(ilike(leads.email, pattern), ilike(leads.name, pattern), ilike(leads.company, pattern)),
        ),
      );
    return row?.n ?? 0;
  } finally {
    await handle.close();
  }
}

/** leads.list with a substring search on a tenant of `count` leads, under load, for terms from rare to common. */
export async function searchCase(db: BenchDatabase, count: number, seconds: number): Promise<SearchResult> {
  const small = await db.addTenant(1000, "Small tenant");
  const started = performance.now();
  await seedMany(db, count);
  const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
  const server = await startServer("./bench-server.ts", db.env);
  const terms: SearchResult["terms"] = {};
  try {
    for (const { label, term, small: bySmall } of TERMS) {
      const headers = { authorization: `Bearer ${bySmall ? small.apiKey : db.apiKey}` };
      const input = encodeURIComponent(JSON.stringify({ json: { limit: 50, search: term } }));
      const url = `${server.url}/trpc/leads.list?input=${input}`;
      await load(url, { connections: 10, seconds: 2, headers });
      const single = await load(url, { connections: 1, seconds, headers });
      const loaded = await load(url, { connections: 10, seconds, headers });
      terms[label] = {
        term,
        tenantId: bySmall ? small.tenantId : db.tenantId,
        matches: 0,
        p50Ms: single.p50Ms,
        p99Ms: single.p99Ms,
        requestsPerSec: loaded.requestsPerSec,
      };
    }
  } finally {
    await server.stop();
  }
  for (const entry of Object.values(terms)) entry.matches = await countMatches(db, entry.tenantId, entry.term);
  return { leads: count, seedSeconds, terms };
}
