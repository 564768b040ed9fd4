import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AppDeps } from "@outbound/api";
import { createDatabase } from "@outbound/db";
import { seedReferenceData } from "@outbound/db/seed";
import { createApp } from "./app.js";
import { ensureDemoTenant } from "./demo.js";
import { loadEnv } from "./env.js";
import { createLogger } from "./logger.js";

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL);
const embedded = !env.DATABASE_URL;

const database = await createDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
await seedReferenceData(database.db);
const demoKey =
  (env.SEED_DEMO ?? embedded) ? await ensureDemoTenant(database.db, embedded ? env.DATA_DIR : null) : null;

const app = createApp({ deps: new AppDeps(database.db), logger, bodyLimitBytes: env.BODY_LIMIT_BYTES });
const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info: AddressInfo) => {
  const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
  logger.info({ url, database: database.kind }, "listening");
  process.stdout.write(`\nOutbound API on ${url}/trpc (${database.kind}${embedded ? ` at ${env.DATA_DIR}` : ""})\n`);
  if (demoKey) process.stdout.write(`Demo API key: ${demoKey}\n\n`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: draining requests");
  const force = setTimeout(() => {
    logger.warn("grace period over: closing remaining connections");
    if ("closeAllConnections" in server) server.closeAllConnections();
  }, env.SHUTDOWN_GRACE_MS);
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  });
  clearTimeout(force);
  await database.close();
  logger.info("stopped");
  process.exit(0);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
