// Runs a command against a brand-new PostgreSQL database, dropped afterwards, so every run
// starts from the committed migrations and leaves nothing behind.
// Usage: node scripts/with-fresh-pg.mjs <command> [args…]   (admin URL: PG_ADMIN_URL)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";

const adminUrl = process.env.PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: with-fresh-pg <command> [args…]");
  process.exit(2);
}

const name = `outbound_test_${Date.now()}_${randomBytes(3).toString("hex")}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${name}"`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
console.log(`with-fresh-pg: created database ${name}`);

let code = 1;
try {
  code = await new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: "inherit",
      shell: process.platform === "win32",
      env: { ...process.env, DATABASE_URL: url.toString() },
    });
    child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
} finally {
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
  console.log(`with-fresh-pg: dropped database ${name}`);
}
process.exit(code);
