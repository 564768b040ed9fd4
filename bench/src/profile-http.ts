// CPU profile of the bench server while autocannon loads one route, the way the list case does.
// Usage: tsx src/profile-http.ts [postgres|pglite] [trpc|plain|plain-cached] [seconds] [out-dir]
// Writes the server's .cpuprofile into out-dir (default bench/results/profiles/<route>); open it in
// Chrome DevTools, or sum self time by function with any cpuprofile reader.
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type DbKind, prepareDatabase } from "./database.js";
import { load } from "./load.js";
import { startServer } from "./server-process.js";

const kind = (process.argv[2] ?? "postgres") as DbKind;
const route = process.argv[3] ?? "trpc";
const seconds = Number(process.argv[4] ?? 10);
const outDir = process.argv[5] ?? fileURLToPath(new URL(`../results/profiles/${route}/`, import.meta.url));
const paths: Record<string, string> = {
  trpc: `/trpc/leads.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 50 } }))}`,
  plain: "/bench/plain/leads?limit=50",
  "plain-cached": "/bench/plain-cached/leads?limit=50",
};
const path = paths[route];
if (!path) throw new Error(`unknown route ${route}: one of ${Object.keys(paths).join(", ")}`);

mkdirSync(outDir, { recursive: true });
const db = await prepareDatabase(kind, 1000);
try {
  const server = await startServer("./bench-server.ts", db.env, {
    nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${outDir}`],
  });
  try {
    const headers = { authorization: `Bearer ${db.apiKey}` };
    const result = await load(`${server.url}${path}`, { connections: 10, seconds, headers });
    process.stdout.write(`${route} (${kind}): ${result.requestsPerSec} req/s, p50 ${result.p50Ms} ms\n`);
  } finally {
    await server.stop();
  }
} finally {
  await db.dispose();
}
process.stdout.write(`profiles in ${outDir}\n`);
