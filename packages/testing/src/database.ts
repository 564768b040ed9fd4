import { readFileSync } from "node:fs";
import { createDatabase, createPglite, type Database, type DatabaseHandle, schema } from "@outbound/db";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/pglite";
import { testEnv } from "./env.js";

/**
 * The database a test file runs on: the shared PostgreSQL when `DATABASE_URL` is set
 * (tests isolate themselves by tenant), otherwise a private in-memory PGlite.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (testEnv.databaseUrl) return createDatabase({ url: testEnv.databaseUrl, migrate: false, maxConnections: 5 });
  if (!testEnv.pgliteSnapshot) return createDatabase({ dataDir: "memory" });
  const client = createPglite({ loadDataDir: new Blob([readFileSync(testEnv.pgliteSnapshot)]) });
  const db: Database = drizzle({ client, schema, casing: "snake_case" });
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}
