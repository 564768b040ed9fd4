import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createDatabase } from "@outbound/db";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { migrationsFolder } from "@outbound/db";
import { testEnv } from "./env.js";

/**
 * Migrates once per run: PostgreSQL in place, or a PGlite that is dumped to a file so each
 * test file loads a migrated database in well under a second instead of running initdb and
 * every migration again.
 */
export default async function setup(): Promise<() => void> {
  if (testEnv.databaseUrl) {
    const handle = await createDatabase({ url: testEnv.databaseUrl, maxConnections: 1 });
    await handle.close();
    return () => {};
  }
  const client = new PGlite();
  await migrate(drizzle({ client }), { migrationsFolder });
  const dump = await client.dumpDataDir("none");
  await client.close();
  const dir = mkdtempSync(join(tmpdir(), "outbound-pglite-"));
  const file = join(dir, "migrated.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.OUTBOUND_TEST_PGLITE_SNAPSHOT = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
