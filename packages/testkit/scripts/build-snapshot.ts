// Part of `pnpm --filter @outbound/testkit build`: dumps a migrated PGlite with the reference
// data to snapshot/pglite.tar.gz (each createTestOutbound loads it instead of running initdb and
// the migrations), and copies the migrations the bundle applies on top of it into migrations/.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createPglite, migrationsFolder, schema } from "@outbound/db";
import { seedReferenceData } from "@outbound/db/seed";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const snapshotDir = `${packageDir}snapshot`;
const migrationsCopy = `${packageDir}migrations`;

// Loading time grows with the size of the data dir: 1 MB WAL segments instead of two of 16 MB,
// and no template databases (nothing in a test creates a database), make it 22 MB instead of 57.
const client = createPglite({ initDbStartParams: ["--wal-segsize=1"] });
const db = drizzle({ client, schema, casing: "snake_case" });
await migrate(db, { migrationsFolder });
await seedReferenceData(db);
await client.exec("vacuum full");
for (const template of ["template0", "template1"]) {
  await client.exec(`update pg_database set datistemplate = false, datallowconn = false where datname = '${template}'`);
  await client.exec(`drop database ${template}`);
}
await client.exec("checkpoint");
// The checkpoint is in the current WAL segment; the segments after it are recycled ones kept for
// later writes (min_wal_size). Postgres makes new ones when it needs them, so they stay out of
// the snapshot: half its unpacked size, which every start copies into memory.
const [{ current, dataDir } = { current: "", dataDir: "" }] = (
  await client.query<{ current: string; dataDir: string }>(
    `select pg_walfile_name(pg_current_wal_lsn()) as current, current_setting('data_directory') as "dataDir"`,
  )
).rows;
const walDir = `${dataDir}/pg_wal`;
for (const name of client.Module.FS.readdir(walDir)) {
  if (/^[0-9A-F]{24}$/.test(name) && name > current) client.Module.FS.unlink(`${walDir}/${name}`);
}
const dump = await client.dumpDataDir("none");
await client.close();

rmSync(snapshotDir, { recursive: true, force: true });
mkdirSync(snapshotDir, { recursive: true });
// Compressed by zlib here and unpacked by zlib at load: much faster than PGlite's own gzip support.
const packed = gzipSync(Buffer.from(await dump.arrayBuffer()), { level: 9 });
writeFileSync(`${snapshotDir}/pglite.tar.gz`, packed);

// drizzle's migrator reads the SQL files and meta/_journal.json; the schema snapshots stay behind.
rmSync(migrationsCopy, { recursive: true, force: true });
cpSync(migrationsFolder, migrationsCopy, {
  recursive: true,
  filter: (source) => !/[\\/]meta[\\/]\d+_snapshot\.json$/.test(source),
});
console.log(
  `snapshot/pglite.tar.gz (${Math.round(packed.length / 1024)} KiB, ${Math.round(dump.size / 1024)} KiB unpacked) and migrations/ written`,
);
