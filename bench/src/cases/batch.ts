import type { BenchDatabase } from "../database.js";
import { median } from "../load.js";
import { startServer } from "../server-process.js";

export interface BatchResult {
  batchedP50Ms: number;
  separateParallelP50Ms: number;
  separateSequentialP50Ms: number;
}

/** Ten different queries: the list with different filters and sizes, as a dashboard page would ask. */
const QUERIES = [
  { path: "leads.list", input: { limit: 50 } },
  { path: "leads.list", input: { limit: 10, status: "new" } },
  { path: "leads.list", input: { limit: 10, status: "contacted" } },
  { path: "leads.list", input: { limit: 20, search: "lead1" } },
  { path: "leads.list", input: { limit: 20, search: "company 5" } },
  { path: "leads.list", input: { limit: 5 } },
  { path: "leads.list", input: { limit: 100 } },
  { path: "leads.list", input: { limit: 1, search: "lead99" } },
  { path: "system.info", input: undefined },
  { path: "auth.me", input: undefined },
];

async function timed(run: () => Promise<void>, iterations: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return Math.round(median(samples) * 100) / 100;
}

async function expectOk(response: Response): Promise<void> {
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
}

export async function batch(db: BenchDatabase, iterations: number): Promise<BatchResult> {
  const server = await startServer("./bench-server.ts", db.env);
  try {
    const headers = { authorization: `Bearer ${db.apiKey}` };
    const single = (q: (typeof QUERIES)[number]) =>
      `${server.url}/trpc/${q.path}${q.input ? `?input=${encodeURIComponent(JSON.stringify({ json: q.input }))}` : ""}`;
    const batchInput = Object.fromEntries(QUERIES.map((q, i) => [i, q.input ? { json: q.input } : {}]));
    const batched = `${server.url}/trpc/${QUERIES.map((q) => q.path).join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(batchInput))}`;
    const runBatched = async () => expectOk(await fetch(batched, { headers }));
    const runParallel = async () => {
      await Promise.all(QUERIES.map(async (q) => expectOk(await fetch(single(q), { headers }))));
    };
    const runSequential = async () => {
      for (const q of QUERIES) await expectOk(await fetch(single(q), { headers }));
    };
    await timed(runBatched, 5);
    await timed(runParallel, 5);
    return {
      batchedP50Ms: await timed(runBatched, iterations),
      separateParallelP50Ms: await timed(runParallel, iterations),
      separateSequentialP50Ms: await timed(runSequential, iterations),
    };
  } finally {
    await server.stop();
  }
}
