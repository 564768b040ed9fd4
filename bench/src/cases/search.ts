import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { newId } from "@outbound/db";
import postgres from "postgres";
import type { BenchDatabase } from "../database.js";
import { type LoadResult, load } from "../load.js";
import { startServer } from "../server-process.js";

export interface SearchResult {
  leads: number;
  seedSeconds: number;
  search: LoadResult;
}

/** Adds `count` leads to the bench tenant with COPY (PostgreSQL), in chunks so memory stays flat. */
async function seedMany(db: BenchDatabase, count: number): Promise<void> {
  const sql = postgres(db.env.DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
  try {
    const chunk = 100_000;
    for (let start = 0; start < count; start += chunk) {
      const lines = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => {
        const n = start + i;
        return `${db.tenantId},${newId()},person${n}@big${n % 5000}.example,Person ${n},Company ${n % 20011},new`;
      });
      const writable =
        await sql`copy leads (tenant_id, id, email, name, company, status) from stdin with (format csv)`.writable();
      await pipeline(Readable.from([`${lines.join("\n")}\n`]), writable);
    }
    await sql`analyze leads`;
  } finally {
    await sql.end();
  }
}

/** leads.list with a substring search on a tenant of `count` leads, under load (PostgreSQL only). */
export async function searchCase(db: BenchDatabase, count: number, seconds: number): Promise<SearchResult> {
  const started = performance.now();
  await seedMany(db, count);
  const seedSeconds = Math.round((performance.now() - started) / 100) / 10;
  const server = await startServer("./bench-server.ts", db.env);
  try {
    const input = encodeURIComponent(JSON.stringify({ json: { limit: 50, search: "person12345" } }));
    const url = `${server.url}/trpc/leads.list?input=${input}`;
    const headers = { authorization: `Bearer ${db.apiKey}` };
    await load(url, { connections: 10, seconds: 2, headers });
    return { leads: count, seedSeconds, search: await load(url, { connections: 10, seconds, headers }) };
  } finally {
    await server.stop();
  }
}
