import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AppDeps, RedisRateLimiter, StripeBillingProvider, smtpPlatformMailer, systemClock } from "@outbound/api";
import { seedReferenceData } from "@outbound/db/seed";
import { Redis } from "ioredis";
import { createApp } from "./app.js";
import { DEFAULT_DASHBOARD_DIR } from "./dashboard.js";
import { ensureDemoTenant } from "./demo.js";
import { createEngine } from "./engine.js";
import { loadEnv } from "./env.js";
import { startJobs } from "./jobs.js";
import { createLogger } from "./logger.js";
import { openDatabase, publicUrlFor, tokenKeyFor } from "./runtime.js";
import { chooseSecretStore, describeSecretStore, openSecretStore, type SecretStoreChoice } from "./secret-key.js";
import { startWebhookDispatcher } from "./webhook-dispatcher.js";

/** A setting the server can't start with: one readable line on stderr instead of a stack trace. */
function refuseToStart(error: unknown): never {
  process.stderr.write(`Outbound can't start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

let env: ReturnType<typeof loadEnv>;
let secretStoreChoice: SecretStoreChoice;
let tokenKey: Buffer;
try {
  env = loadEnv();
  // Before the database opens, so a server that could not keep secrets never runs migrations.
  secretStoreChoice = chooseSecretStore(env);
  tokenKey = tokenKeyFor(env, secretStoreChoice);
} catch (error) {
  refuseToStart(error);
}
const logger = createLogger(env.LOG_LEVEL);
const embedded = !env.DATABASE_URL;
logger.info(describeSecretStore(secretStoreChoice), "secret store");
if (secretStoreChoice.kind === "database" && secretStoreChoice.source === "created") {
  process.stdout.write(
    `Generated the secret key ${secretStoreChoice.keyFile}: back it up, stored mailbox passwords can't be read without it\n`,
  );
}

const database = await openDatabase(env);
await seedReferenceData(database.db);
const demo = (env.SEED_DEMO ?? embedded) ? await ensureDemoTenant(database.db, embedded ? env.DATA_DIR : null) : null;

const secrets = openSecretStore(secretStoreChoice, database.db);
const billing = env.STRIPE_SECRET_KEY
  ? new StripeBillingProvider({
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      apiBase: env.STRIPE_API_BASE,
      addonPrices: env.STRIPE_ADDON_PRICES,
    })
  : undefined;
logger.info({ provider: billing ? "stripe" : "local" }, "billing");
const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { maxRetriesPerRequest: 2 }) : null;
redis?.on("error", (error) => logger.warn({ err: error }, "redis unavailable"));
const rateLimiter = redis ? new RedisRateLimiter(redis) : undefined;
const allowNonPublicMailHosts = env.MAIL_ALLOW_NON_PUBLIC_HOSTS ?? env.NODE_ENV !== "production";
const clock = systemClock;
const app = createApp({
  deps: new AppDeps(database.db, {
    secrets,
    dnsServers: env.DNS_SERVERS,
    billing,
    rateLimiter,
    allowNonPublicMailHosts,
    clock,
    publicUrl: publicUrlFor(env),
    tokenKey,
    mailer: env.SMTP_URL ? smtpPlatformMailer(env.SMTP_URL, env.MAIL_FROM) : undefined,
  }),
  logger,
  bodyLimitBytes: env.BODY_LIMIT_BYTES,
  dashboardDir: DEFAULT_DASHBOARD_DIR,
  trustProxy: env.TRUST_PROXY ?? false,
});
const jobs =
  env.JOBS_INTERVAL_MS > 0
    ? startJobs({
        db: database.db,
        logger,
        intervalMs: env.JOBS_INTERVAL_MS,
        renewLocalSubscriptions: !billing,
        // PGlite has no autovacuum to keep the planner's statistics fresh.
        analyzeChangedTables: database.kind === "pglite",
      })
    : null;
const engine =
  (env.ENGINE_ENABLED ?? true)
    ? createEngine({
        db: database.db,
        secrets,
        clock,
        logger,
        tokenKey,
        publicUrl: publicUrlFor(env),
        allowNonPublicMailHosts,
      })
    : null;
engine?.start();
const webhooks =
  env.WEBHOOKS_INTERVAL_MS > 0
    ? startWebhookDispatcher(
        { db: database.db, secrets, clock, allowNonPublic: allowNonPublicMailHosts },
        logger,
        env.WEBHOOKS_INTERVAL_MS,
      )
    : null;
logger.info({ engine: engine ? "running" : "off" }, "sending engine");
const server = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info: AddressInfo) => {
  const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
  logger.info({ url, database: database.kind }, "listening");
  process.stdout.write(`\nOutbound API on ${url}/trpc (${database.kind}${embedded ? ` at ${env.DATA_DIR}` : ""})\n`);
  process.stdout.write(`Dashboard on ${url}/app/\n`);
  if (demo?.owner) process.stdout.write(`Demo sign-in: ${demo.owner.email} / ${demo.owner.password}\n`);
  if (demo) process.stdout.write(`Demo API key: ${demo.apiKey}\n\n`);
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
  await jobs?.stop();
  await engine?.stop();
  await webhooks?.stop();
  await database.close();
  redis?.disconnect();
  logger.info("stopped");
  process.exit(0);
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
