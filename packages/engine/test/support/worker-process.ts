// A worker in a process of its own, for the crash test: it sends until it is killed.
import { DatabaseSecretStore, systemClock } from "@outbound/api";
import { createDatabase } from "@outbound/db";
import { EngineWorker, SmtpTransport } from "../../src/index.js";

const [url, secretKey, tokenKeyHex, tenantId] = process.argv.slice(2);
if (!url || !secretKey || !tokenKeyHex || !tenantId) {
  throw new Error("usage: worker-process <database url> <secret key> <token key hex> <tenant id>");
}
const database = await createDatabase({ url, migrate: false });
const worker = new EngineWorker(
  {
    db: database.db,
    secrets: new DatabaseSecretStore(database.db, secretKey),
    clock: systemClock,
    transport: new SmtpTransport({ allowNonPublic: true, timeoutMs: 1_000 }),
    tokenKey: Buffer.from(tokenKeyHex, "hex"),
    publicUrl: "https://outbound.example.test",
  },
  { leaseMs: 1_500, batchSize: 10, concurrency: 4, idleMs: 50, tenantIds: [tenantId] },
);
worker.start();
process.stdout.write("started\n");
