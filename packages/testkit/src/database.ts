import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { createPglite, type Database, migrationsFolder, schema } from "@outbound/db";
import { seedReferenceData } from "@outbound/db/seed";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

/**
 * The migrated database with the reference data (plans, permissions), dumped at build time
 * (scripts/build-snapshot.ts). Beside `src/` and `dist/` alike, so the sources and the bundle find it.
 */
export const SNAPSHOT_FILE = fileURLToPath(new URL("../snapshot/pglite.tar.gz", import.meta.url));

let unpacked: Blob | null | undefined;

/** The unpacked snapshot, read and unzipped once per process (every later instance starts from the same bytes). */
function loadSnapshot(): Blob | null {
  if (unpacked === undefined) {
    unpacked = existsSync(SNAPSHOT_FILE) ? new Blob([gunzipSync(readFileSync(SNAPSHOT_FILE))]) : null;
  }
  return unpacked;
}

export interface TestDatabase {
  db: Database;
  close(): Promise<void>;
}

/**
 * A private in-memory PGlite: loaded from the snapshot (fast), or made from scratch when it
 * is missing (initdb and every migration: seconds). Migrations newer than the snapshot are
 * applied either way, so a stale snapshot still gives today's schema.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const snapshot = loadSnapshot();
  const fromSnapshot = snapshot !== null;
  const client = snapshot ? createPglite({ loadDataDir: snapshot }) : createPglite();
  try {
    const pglite = drizzle({ client, schema, casing: "snake_case" });
    await migrate(pglite, { migrationsFolder });
    const db: Database = pglite;
    if (!fromSnapshot) await seedReferenceData(db);
    return { db, close: () => client.close() };
  } catch (error) {
    await client.close();
    throw error;
  }
}
