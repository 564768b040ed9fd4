import type { BenchDatabase } from "../database.js";
import { load } from "../load.js";
import { startServer } from "../server-process.js";

export interface MemoryResult {
  idleRssMiB: number;
  loadedPeakRssMiB: number;
  requestsPerSecUnderLoad: number;
}

/** Server RSS once idle, and its peak while 50 connections keep it busy for `seconds`. */
export async function memory(db: BenchDatabase, seconds: number): Promise<MemoryResult> {
  const server = await startServer("./bench-server.ts", db.env);
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const idleRssMiB = server.rssMiB();
    let peak = idleRssMiB;
    const sampler = setInterval(() => {
      peak = Math.max(peak, server.rssMiB());
    }, 250);
    const input = encodeURIComponent(JSON.stringify({ json: { limit: 50 } }));
    const result = await load(`${server.url}/trpc/leads.list?input=${input}`, {
      connections: 50,
      seconds,
      headers: { authorization: `Bearer ${db.apiKey}` },
    });
    clearInterval(sampler);
    return { idleRssMiB, loadedPeakRssMiB: peak, requestsPerSecUnderLoad: result.requestsPerSec };
  } finally {
    await server.stop();
  }
}
