import { hashToken } from "@outbound/api";
import { findApiKeyByHash } from "@outbound/db/queries/api-keys";
import { listLeads } from "@outbound/db/queries/leads";
import type { BenchDatabase } from "../database.js";
import { type LoadResult, load, sideBySide } from "../load.js";
import { startServer } from "../server-process.js";

export interface ListOverheadResult {
  trpc: LoadResult;
  plain: LoadResult;
  plainCached: LoadResult;
  driverOpsPerSec: number;
  ratioTrpcToPlain: number;
  ratioTrpcToPlainCached: number;
}

/** How many times per second the two queries of leads.list run in-process, with `concurrency` in flight. */
async function driverAlone(db: BenchDatabase, seconds: number, concurrency: number): Promise<number> {
  const handle = await db.open();
  try {
    const keyHash = hashToken(db.apiKey);
    let done = 0;
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < until) {
          const key = await findApiKeyByHash(handle.db, keyHash);
          if (!key) throw new Error("bench key missing");
          await listLeads(handle.db, { tenantId: key.tenantId, limit: 50 });
          done++;
        }
      }),
    );
    return Math.round(done / seconds);
  } finally {
    await handle.close();
  }
}

export async function listOverhead(
  db: BenchDatabase,
  options: { seconds: number; rounds: number; connections: number },
): Promise<ListOverheadResult> {
  const driverOpsPerSec = await driverAlone(db, options.seconds, options.connections);
  const server = await startServer("./bench-server.ts", db.env);
  try {
    const headers = { authorization: `Bearer ${db.apiKey}` };
    const input = encodeURIComponent(JSON.stringify({ json: { limit: 50 } }));
    const trpcUrl = `${server.url}/trpc/leads.list?input=${input}`;
    const plainUrl = `${server.url}/bench/plain/leads?limit=50`;
    const plainCachedUrl = `${server.url}/bench/plain-cached/leads?limit=50`;
    await load(trpcUrl, { connections: options.connections, seconds: 2, headers });
    await load(plainUrl, { connections: options.connections, seconds: 2, headers });
    const results = await sideBySide(
      {
        trpc: () => load(trpcUrl, { connections: options.connections, seconds: options.seconds, headers }),
        plain: () => load(plainUrl, { connections: options.connections, seconds: options.seconds, headers }),
        plainCached: () =>
          load(plainCachedUrl, { connections: options.connections, seconds: options.seconds, headers }),
      },
      options.rounds,
    );
    const trpc = results.trpc as LoadResult;
    const plain = results.plain as LoadResult;
    const plainCached = results.plainCached as LoadResult;
    const ratio = (other: LoadResult) => Math.round((trpc.requestsPerSec / other.requestsPerSec) * 100) / 100;
    return {
      trpc,
      plain,
      plainCached,
      driverOpsPerSec,
      ratioTrpcToPlain: ratio(plain),
      ratioTrpcToPlainCached: ratio(plainCached),
    };
  } finally {
    await server.stop();
  }
}
