// In-process comparison of the tRPC path and the plain route, one request at a time, so a
// CPU profile (`node --cpu-prof`) shows where the tRPC path spends its extra time.
// Usage: tsx src/profile.ts [postgres|pglite] [requests]
import { AppDeps, hashToken } from "@outbound/api";
import { findApiKeyByHash } from "@outbound/db/queries/credentials";
import { listLeads } from "@outbound/db/queries/leads";
import pino from "pino";
import { createApp } from "../../apps/server/src/app.js";
import { type DbKind, prepareDatabase } from "./database.js";

const kind = (process.argv[2] ?? "postgres") as DbKind;
const requests = Number(process.argv[3] ?? 3000);
const prepared = await prepareDatabase(kind, 1000);
const handle = await prepared.open();
const app = createApp({ deps: new AppDeps(handle.db), logger: pino({ level: "silent" }) });
app.get("/bench/plain/leads", async (c) => {
  const token = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1];
  const key = token ? await findApiKeyByHash(handle.db, hashToken(token)) : null;
  if (!key) return c.json({ error: "unauthorized" }, 401);
  return c.json(await listLeads(handle.db, { tenantId: key.tenantId, limit: 50 }));
});
const headers = { authorization: `Bearer ${prepared.apiKey}` };
const input = encodeURIComponent(JSON.stringify({ json: { limit: 50 } }));
const paths = { trpc: `/trpc/leads.list?input=${input}`, plain: "/bench/plain/leads" };

async function run(path: string, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await app.request(path, { headers });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    await res.arrayBuffer();
  }
  return (performance.now() - started) / n;
}

await run(paths.trpc, 300);
await run(paths.plain, 300);
const results: Record<string, number[]> = { trpc: [], plain: [] };
for (let round = 0; round < 3; round++) {
  for (const [name, path] of Object.entries(paths)) results[name]?.push(await run(path, requests / 3));
}
for (const [name, times] of Object.entries(results)) {
  const best = Math.min(...times);
  process.stdout.write(
    `${name}: best round ${best.toFixed(3)} ms/request (rounds: ${times.map((t) => t.toFixed(3)).join(", ")})\n`,
  );
}
await handle.close();
await prepared.dispose();
