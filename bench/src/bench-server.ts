// The server the bench loads: the real app (same middleware, logging and tRPC handler as
// apps/server) plus one plain Hono route doing the same two SQL queries as `leads.list`
// without tRPC or superjson, so both are measured in one process, side by side.
import { serve } from "@hono/node-server";
import { AppDeps, credentialCacheFor, hashToken } from "@outbound/api";
import { createDatabase } from "@outbound/db";
import { findApiKeyByHash } from "@outbound/db/queries/credentials";
import { listLeads } from "@outbound/db/queries/leads";
import pino from "pino";
import { createApp } from "../../apps/server/src/app.js";

const database = await createDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
const logger = pino({ level: process.env.LOG_LEVEL ?? "info" }, pino.destination("/dev/null"));
const app = createApp({ deps: new AppDeps(database.db), logger });

app.get("/bench/plain/leads", async (c) => {
  const token = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1];
  const key = token ? await findApiKeyByHash(database.db, hashToken(token)) : null;
  if (!key || key.revoked || key.tenantDeleted) return c.json({ error: "unauthorized" }, 401);
  const limit = Number(c.req.query("limit") ?? 50);
  return c.json(await listLeads(database.db, { tenantId: key.tenantId, limit }));
});

// The same route, but finding the key through the cache the tRPC path uses: both then do the
// same database work, and what differs is tRPC, superjson and the middleware.
app.get("/bench/plain-cached/leads", async (c) => {
  const token = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "")?.[1];
  if (!token) return c.json({ error: "unauthorized" }, 401);
  const cache = credentialCacheFor(database.db);
  const keyHash = hashToken(token);
  const now = Date.now();
  let key = cache.apiKeys.get(keyHash, now) ?? null;
  if (!key) {
    key = await findApiKeyByHash(database.db, keyHash);
    if (key) cache.apiKeys.set(keyHash, key, now);
  }
  if (!key || key.revoked || key.tenantDeleted) return c.json({ error: "unauthorized" }, 401);
  const limit = Number(c.req.query("limit") ?? 50);
  return c.json(await listLeads(database.db, { tenantId: key.tenantId, limit }));
});

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
process.on("SIGTERM", () => {
  server.close(() => void database.close().then(() => process.exit(0)));
});
