// Starts the server on a throw-away embedded database with its demo tenant, runs every
// example script against it with the printed demo key, and fails if any example fails.
// EXAMPLES_ONLY=send-campaign.ts pnpm examples runs just one.
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(root, "node_modules/.bin/tsx");
const examples = process.env.EXAMPLES_ONLY
  ? [process.env.EXAMPLES_ONLY]
  : [
      "quickstart.ts",
      "import-leads.ts",
      "verify-domain.ts",
      "billing-usage.ts",
      "admin-ip-pool.ts",
      "send-campaign.ts",
    ];
const staff = { email: "staff@outbound.example", password: "staff passphrase for the examples" };
const dataDir = mkdtempSync(join(tmpdir(), "outbound-examples-"));

/** A UDP port free now on loopback, for the DNS server send-campaign starts. */
function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
const dnsPort = await freeUdpPort();

const { DATABASE_URL: _ignored, ...env } = process.env;
const serverEnv = {
  ...env,
  DATA_DIR: join(dataDir, "pglite"),
  PORT: "0",
  LOG_LEVEL: "warn",
  DNS_SERVERS: `127.0.0.1:${dnsPort}`,
};

/** Runs a command to its end; resolves with its exit code. */
function runToEnd(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    child.on("exit", (exitCode) => resolve(exitCode ?? 1));
  });
}

// The embedded database seeds its demo tenant only when empty, and only one process may open
// it at a time: start once to seed, then add a staff user with the CLI, then serve.
// DNS_SERVERS points at a local port where only send-campaign (the last example) serves DNS:
// before it, verify-domain shows an inconclusive check at once instead of asking the internet.
let server = spawn(tsx, ["src/main.ts"], {
  cwd: join(root, "apps/server"),
  env: serverEnv,
  stdio: ["ignore", "pipe", "inherit"],
});
await waitForServer();
await stopServer();
const cli = await runToEnd(
  tsx,
  [
    "src/cli.ts",
    "staff:create",
    "--email",
    staff.email,
    "--name",
    "Example Staff",
    "--role",
    "superadmin",
    "--password",
    staff.password,
  ],
  { cwd: join(root, "apps/server"), env: serverEnv },
);
if (cli !== 0) {
  console.error("staff:create failed");
  process.exit(1);
}
server = spawn(tsx, ["src/main.ts"], {
  cwd: join(root, "apps/server"),
  env: serverEnv,
  stdio: ["ignore", "pipe", "inherit"],
});

function waitForServer() {
  return new Promise((resolve, reject) => {
    let out = "";
    server.stdout.on("data", (chunk) => {
      out += String(chunk);
      const url = /Outbound API on (\S+)\/trpc/.exec(out)?.[1];
      const apiKey = /Demo API key: (\S+)/.exec(out)?.[1];
      if (url && apiKey) resolve({ url, apiKey });
    });
    server.on("exit", (code) => reject(new Error(`server exited with ${code} before it was ready`)));
  });
}

function stopServer() {
  return new Promise((resolve) => {
    if (server.exitCode !== null) return resolve(undefined);
    server.on("exit", () => resolve(undefined));
    server.kill("SIGTERM");
  });
}

let failed = 0;
try {
  const { url, apiKey } = await waitForServer();
  for (const example of examples) {
    const started = performance.now();
    console.log(`\n▶ examples/${example}`);
    const code = await runToEnd(tsx, [example], {
      cwd: join(root, "examples"),
      env: {
        ...env,
        OUTBOUND_URL: url,
        OUTBOUND_API_KEY: apiKey,
        OUTBOUND_STAFF_EMAIL: staff.email,
        OUTBOUND_STAFF_PASSWORD: staff.password,
        EXAMPLE_DNS_PORT: String(dnsPort),
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${code === 0 ? "✓" : "✗"} examples/${example} (${seconds} s)`);
    if (code !== 0) failed++;
  }
} finally {
  await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`\nexamples: ${examples.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
