// Part of `pnpm --filter @outbound/testkit build`: dumps a migrated PGlite with the reference
// data to snapshot/pglite.tar.gz (each createTestOutbound loads it instead of running initdb and
// the migrations), and copies the migrations the bundle applies on top of it into migrations/.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createPglite, migrationsFolder, schema } from "@outbound/db";
import { seedReferenceData } from "@outbound/db/seed";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const snapshotDir = `${packageDir}snapshot`;
const migrationsCopy = `${packageDir}migrations`;

const client = createPglite();
const db = drizzle({ client, schema, casing: "snake_case" });
await migrate(db, { migrationsFolder });
await seedReferenceData(db);
// VACUUM FULL leaves no dead rows behind: a smaller file to ship and to load.
await client.exec("vacuum full");
const dump = await client.dumpDataDir("gzip");
await client.close();

rmSync(snapshotDir, { recursive: true, force: true });
mkdirSync(snapshotDir, { recursive: true });
writeFileSync(`${snapshotDir}/pglite.tar.gz`, Buffer.from(await dump.arrayBuffer()));

// drizzle's migrator reads the SQL files and meta/_journal.json; the schema snapshots stay behind.
rmSync(migrationsCopy, { recursive: true, force: true });
cpSync(migrationsFolder, migrationsCopy, {
  recursive: true,
  filter: (source) => !/[\\/]meta[\\/]\d+_snapshot\.json$/.test(source),
});
console.log(`snapshot/pglite.tar.gz (${Math.round(dump.size / 1024)} KiB) and migrations/ written`);
