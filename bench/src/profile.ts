// In-process comparison of the tRPC path and the plain routes, one request at a time: CPU time
// per request of each, and with `node --cpu-prof`, where the tRPC path spends its extra time.
// Usage: tsx src/profile.ts [postgres|pglite] [requests]
import { AppDeps } from "@outbound/api";
import pino from "pino";
import { createApp } from "../../apps/server/src/app.js";
import { type DbKind, prepareDatabase } from "./database.js";
import { addPlainRoutes } from "./plain-routes.js";

const kind = (process.argv[2] ?? "postgres") as DbKind;
const requests = Number(process.argv[3] ?? 3000);
const prepared = await prepareDatabase(kind, 1000);
const handle = await prepared.open();
const deps = new AppDeps(handle.db);
const app = createApp({ deps, logger: pino({ level: "silent" }) });
addPlainRoutes(app, deps);
const headers = { authorization: `Bearer ${prepared.apiKey}` };
const input = encodeURIComponent(JSON.stringify({ json: { limit: 50 } }));
const paths = {
  trpc: `/trpc/leads.list?input=${input}`,
  plain: "/bench/plain/leads",
  plainCached: "/bench/plain-cached/leads",
};

/** Mean CPU time of this process per request, in ms: steadier than wall time on a busy machine. */
async function run(path: string, n: number): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const res = await app.request(path, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.arrayBuffer();
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000 / n;
}

for (const path of Object.values(paths)) await run(path, 300);
const results: Record<string, number[]> = { trpc: [], plain: [], plainCached: [] };
for (let round = 0; round < 3; round++) {
  for (const [name, path] of Object.entries(paths)) results[name]?.push(await run(path, requests / 3));
}
for (const [name, times] of Object.entries(results)) {
  const best = Math.min(...times);
  process.stdout.write(
    `${name}: best round ${best.toFixed(3)} ms CPU/request (rounds: ${times.map((t) => t.toFixed(3)).join(", ")})\n`,
  );
}
await handle.close();
await prepared.dispose();
