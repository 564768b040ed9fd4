import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, createPglite, migrationsFolder, schema } from "@outbound/db";
import { seedReferenceData } from "@outbound/db/seed";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { testEnv } from "./env.js";

/**
 * Migrates and seeds the reference data (plans, permissions, staff roles) once per run:
 * PostgreSQL in place, or a PGlite that is dumped to a file so each test file loads a ready
 * database in well under a second instead of running initdb and every migration again.
 */
export default async function setup(): Promise<() => void> {
  if (testEnv.databaseUrl) {
    const handle = await createDatabase({ url: testEnv.databaseUrl, maxConnections: 1 });
    await seedReferenceData(handle.db);
    await handle.close();
    return () => {};
  }
  const client = createPglite();
  const db = drizzle({ client, schema, casing: "snake_case" });
  await migrate(db, { migrationsFolder });
  await seedReferenceData(db);
  const dump = await client.dumpDataDir("none");
  await client.close();
  const dir = mkdtempSync(join(tmpdir(), "outbound-pglite-"));
  const file = join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.OUTBOUND_TEST_PGLITE_SNAPSHOT = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
