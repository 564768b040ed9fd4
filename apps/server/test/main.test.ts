import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const serverDir = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "outbound-main-"));

interface Running {
  child: ChildProcess;
  output: () => string;
  url: string;
  apiKey: string | null;
  signIn: { email: string; password: string } | null;
}

/** Starts the real entry point on an embedded data dir and waits until it prints its URL. */
async function start(): Promise<Running> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(tsx, ["src/main.ts"], {
    cwd: serverDir,
    env: { ...env, DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const deadline = Date.now() + 60_000;
  // The URL and the key are separate writes: wait for the key's whole line too.
  while (!/Outbound API on (\S+)\/trpc/.test(output) || !/Demo API key: \S+\n/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /Outbound API on (\S+)\/trpc/.exec(output)?.[1] ?? "";
  const signIn = /Demo sign-in: (\S+) \/ (\S+)/.exec(output);
  return {
    child,
    output: () => output,
    url,
    apiKey: /Demo API key: (\S+)/.exec(output)?.[1] ?? null,
    signIn: signIn?.[1] && signIn[2] ? { email: signIn[1], password: signIn[2] } : null,
  };
}

/** Signs in over HTTP as the dashboard does and reads the tenant the session is in. */
async function signInAndReadTenant(url: string, credentials: { email: string; password: string }) {
  const signedIn = await fetch(`${url}/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: credentials }),
  });
  expect(signedIn.status).toBe(200);
  const { token } = ((await signedIn.json()) as { result: { data: { json: { token: string } } } }).result.data.json;
  const current = await fetch(`${url}/trpc/tenants.current`, { headers: { authorization: `Bearer ${token}` } });
  expect(current.status).toBe(200);
  return ((await current.json()) as { result: { data: { json: { name: string } } } }).result.data.json;
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("the server entry point on the embedded database", () => {
  // Two cold starts of the embedded database (initdb, migrations, seed): a generous safety net, not a timing check.
  it("seeds the demo tenant, serves it with the printed key, and shuts down cleanly on SIGTERM", {
    timeout: 180_000,
  }, async () => {
    const first = await start();
    expect(first.apiKey).toMatch(/^ob_live_/);
    // The dashboard's sign-in: the demo owner's printed email and password open a session in the demo tenant.
    expect(first.signIn?.email).toBe("demo@outbound.test");
    expect(await signInAndReadTenant(first.url, first.signIn ?? { email: "", password: "" })).toMatchObject({
      name: "Demo Outreach Co",
    });
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    const list = await fetch(`${first.url}/trpc/leads.list`, { headers: { authorization: `Bearer ${first.apiKey}` } });
    expect(list.status).toBe(200);
    const body = (await list.json()) as { result: { data: { json: { items: unknown[] } } } };
    expect(body.result.data.json.items.length).toBeGreaterThan(0);
    expect(await stop(first.child)).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');

    // A restart finds its data and the same demo key, and seeds nothing twice.
    const second = await start();
    expect(second.apiKey).toBe(first.apiKey);
    expect(second.signIn).toEqual(first.signIn);
    const again = await fetch(`${second.url}/trpc/leads.list?input=${encodeURIComponent('{"json":{"limit":200}}')}`, {
      headers: { authorization: `Bearer ${second.apiKey}` },
    });
    const items = ((await again.json()) as { result: { data: { json: { items: unknown[] } } } }).result.data.json.items;
    expect(items).toHaveLength(25);
    expect(await stop(second.child)).toBe(0);
  });
});
