import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createDatabase } from "@outbound/db";
import { callerFor } from "@outbound/testing";
import { afterAll, describe, expect, it } from "vitest";

const serverDir = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "outbound-cli-"));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the real CLI entry point on the embedded database at `dataDir` until it exits. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(tsx, ["src/cli.ts", ...args], {
    cwd: serverDir,
    env: { ...env, DATA_DIR: dataDir, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("the server CLI's staff:create", () => {
  // Each CLI run starts an embedded database cold: a generous safety net, not a timing check.
  it("creates the first staff user, who can sign in and administer staff; re-runs change only the role", async () => {
    const email = "founder@outbound.test";
    const first = await cli(["staff:create", "--email", email, "--name", "The Founder", "--role", "superadmin"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Made them staff with role superadmin.");
    expect(first.stdout).toContain('Created tenant "Outbound Staff"');
    const password = /Password \(shown only now, store it safely\): (\S+)/.exec(first.stdout)?.[1];
    expect(password).toBeTruthy();

    const again = await cli(["staff:create", "--email", email, "--role", "superadmin"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing changed");
    expect(again.stdout).not.toContain("Password");

    // The only holder of staff:manage can't be demoted, or nobody could administer staff.
    const demote = await cli(["staff:create", "--email", email, "--role", "support"]);
    expect(demote.code).toBe(1);
    expect(demote.stderr).toContain("no staff member with staff:manage");

    const usage = await cli(["staff:create", "--email", email, "--colour", "blue"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: pnpm --filter @outbound/server cli");

    const database = await createDatabase({ dataDir, migrate: false });
    try {
      const session = await callerFor(database.db, null).auth.signIn({ email, password: password ?? "" });
      const staff = callerFor(database.db, `Bearer ${session.token}`);
      const { items } = await staff.admin.staff.list({});
      expect(items).toEqual([expect.objectContaining({ email, name: "The Founder", role: "superadmin" })]);
    } finally {
      await database.close();
    }
  }, 180_000);
});
