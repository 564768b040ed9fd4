import { systemClock } from "@outbound/api";
import { seedReferenceData } from "@outbound/db/seed";
import { createEngine } from "./engine.js";
import { loadEnv } from "./env.js";
import { createLogger } from "./logger.js";
import { openDatabase, publicUrlFor, tokenKeyFor } from "./runtime.js";
import { chooseSecretStore, openSecretStore } from "./secret-key.js";
import { startWebhookDispatcher } from "./webhook-dispatcher.js";

/**
 * The sending engine in a process of its own (`pnpm --filter @outbound/server worker`), with the
 * server's settings; run as many as the load needs, against PostgreSQL (the embedded database
 * serves one process, so there the engine runs inside the server).
 */
async function main(): Promise<void> {
  let env: ReturnType<typeof loadEnv>;
  let choice: ReturnType<typeof chooseSecretStore>;
  let tokenKey: Buffer;
  try {
    env = loadEnv();
    choice = chooseSecretStore(env);
    tokenKey = tokenKeyFor(env, choice);
  } catch (error) {
    process.stderr.write(`Outbound worker can't start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger(env.LOG_LEVEL);
  const database = await openDatabase(env);
  await seedReferenceData(database.db);
  const secrets = openSecretStore(choice, database.db);
  const allowNonPublicMailHosts = env.MAIL_ALLOW_NON_PUBLIC_HOSTS ?? env.NODE_ENV !== "production";
  const engine = createEngine({
    db: database.db,
    secrets,
    clock: systemClock,
    logger,
    tokenKey,
    publicUrl: publicUrlFor(env),
    allowNonPublicMailHosts,
  });
  engine.start();
  // Webhooks go out from workers too, so a deployment whose servers run no engine still sends them.
  const webhooks =
    env.WEBHOOKS_INTERVAL_MS > 0
      ? startWebhookDispatcher(
          { db: database.db, secrets, clock: systemClock, allowNonPublic: allowNonPublicMailHosts },
          logger,
          env.WEBHOOKS_INTERVAL_MS,
        )
      : null;
  logger.info({ worker: engine.id, database: database.kind }, "engine worker started");
  process.stdout.write(`Outbound engine worker ${engine.id} running (${database.kind})\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "engine worker stopping: finishing sends in flight");
    await engine.stop();
    await webhooks?.stop();
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

await main();
