// The server the bench loads: the real app (same middleware, logging and tRPC handler as
// apps/server) plus the plain routes doing the same SQL as `leads.list` without tRPC or
// superjson (plain-routes.ts), so both are measured in one process, side by side.
import { serve } from "@hono/node-server";
import { AppDeps } from "@outbound/api";
import { createDatabase } from "@outbound/db";
import pino from "pino";
import { createApp } from "../../apps/server/src/app.js";
import { addPlainRoutes } from "./plain-routes.js";

const database = await createDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR });
const logger = pino({ level: process.env.LOG_LEVEL ?? "info" }, pino.destination("/dev/null"));
const deps = new AppDeps(database.db);
const app = createApp({ deps, logger });

addPlainRoutes(app, deps);

const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
process.on("SIGTERM", () => {
  server.close(() => void database.close().then(() => process.exit(0)));
});
