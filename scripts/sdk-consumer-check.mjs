#!/usr/bin/env node
// Checks @outbound/sdk the way a stranger meets it: built, packed (so `catalog:` and `workspace:`
// are rewritten), installed from the tarball into an empty project outside the monorepo, and
// type-checked strictly with `skipLibCheck: false` by more than one TypeScript.
// Usage: pnpm check:sdk [--keep]   (--keep leaves the temp project for inspection)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sdkDir = join(root, "packages/sdk");
const keep = process.argv.includes("--keep");

/** A TypeScript 5 many consumers still pin, and the current native one. */
const TYPESCRIPTS = [
  { label: "TypeScript 5.9.3", spec: "typescript@5.9.3", tsc: "node_modules/typescript/bin/tsc" },
  { label: "TypeScript 7.0.2", spec: "ts7@npm:typescript@7.0.2", tsc: "node_modules/ts7/bin/tsc" },
];
const PUBLINT = "publint@0.3.25";
/** The only packages the published types may import; everything else would have to be installed by users. */
const ALLOWED_TYPE_IMPORTS = ["@trpc/client", "@trpc/server"];

const timings = [];
const failures = [];

function step(name, fn) {
  const started = performance.now();
  try {
    return fn();
  } finally {
    timings.push([name, performance.now() - started]);
  }
}

function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  if (result.error) throw result.error;
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}`.trim() };
}

function mustRun(cmd, args, cwd) {
  const result = run(cmd, args, cwd);
  if (result.code !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(" ")} (in ${cwd}) exited ${result.code}:\n${result.output}`);
    throw new Error(`${cmd} failed`);
  }
  return result.output;
}

function fail(message) {
  failures.push(message);
  console.error(`✗ ${message}`);
}

const tmp = mkdtempSync(join(tmpdir(), "outbound-sdk-consumer-"));
if (!relative(root, tmp).startsWith("..")) throw new Error(`temp dir ${tmp} is inside the repo; set TMPDIR elsewhere`);
const tarball = join(tmp, "outbound-sdk.tgz");
const packed = join(tmp, "packed");
const consumer = join(tmp, "consumer");

try {
  step("build SDK", () => mustRun("pnpm", ["--filter", "@outbound/sdk", "build"], root));
  console.log("✓ built @outbound/sdk");

  step("pack", () => mustRun("pnpm", ["pack", "--out", tarball], sdkDir));
  mkdirSync(packed);
  mustRun("tar", ["-xzf", tarball, "-C", packed]);
  const pkgDir = join(packed, "package");
  console.log(`✓ packed ${relative(tmp, tarball)}`);

  step("inspect package", () => {
    const manifest = readFileSync(join(pkgDir, "package.json"), "utf8");
    for (const protocol of ["catalog:", "workspace:"]) {
      if (manifest.includes(protocol)) fail(`packed package.json still contains "${protocol}"`);
    }
    for (const file of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "README.md"]) {
      if (!existsSync(join(pkgDir, file))) fail(`packed package lacks ${file}`);
    }
    const declarations = readdirSync(join(pkgDir, "dist")).filter((f) => /\.d\.c?ts$/.test(f));
    const specifier =
      /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']|<reference\s+(?:types|path)=["']([^"']+)["']/gm;
    for (const file of declarations) {
      const text = readFileSync(join(pkgDir, "dist", file), "utf8");
      const offending = new Set();
      for (const match of text.matchAll(specifier)) {
        const target = match[1] ?? match[2];
        const allowed =
          target.startsWith(".") || ALLOWED_TYPE_IMPORTS.some((p) => target === p || target.startsWith(`${p}/`));
        if (!allowed || match[2]) offending.add(target);
      }
      for (const target of offending) {
        fail(`dist/${file} references "${target}": published types must be self-contained`);
      }
    }
    if (failures.length === 0)
      console.log(`✓ ${declarations.join(", ")} import only ${ALLOWED_TYPE_IMPORTS.join(", ")}`);
  });

  step("npm install", () => {
    mkdirSync(join(consumer, "src"), { recursive: true });
    writeConsumerProject(consumer);
    mustRun(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, ...TYPESCRIPTS.map((t) => t.spec), PUBLINT],
      consumer,
    );
  });
  console.log(`✓ installed the tarball with ${TYPESCRIPTS.map((t) => t.spec).join(", ")}, ${PUBLINT}`);

  for (const ts of TYPESCRIPTS) {
    const result = step(`tsc --noEmit (${ts.label})`, () =>
      run("node", [ts.tsc, "--noEmit", "-p", "tsconfig.json"], consumer),
    );
    if (result.code === 0) console.log(`✓ consumer type-checks with ${ts.label} (strict, skipLibCheck: false)`);
    else fail(`consumer does not type-check with ${ts.label}:\n${result.output}`);
  }

  // The README tells consumers they need ESNext.Disposable; this notices when that stops being true.
  const probe = step("ESNext.Disposable probe", () =>
    run("node", [TYPESCRIPTS[1].tsc, "--noEmit", "-p", "tsconfig.no-disposable.json"], consumer),
  );
  if (probe.code !== 0 && /Disposable/.test(probe.output)) {
    console.log("✓ without ESNext.Disposable in lib, tRPC's own types fail as the SDK README says");
  } else if (probe.code === 0) {
    console.log("! ESNext.Disposable is no longer needed by the SDK's types: update packages/sdk/README.md");
  } else {
    fail(`the no-Disposable probe failed for another reason:\n${probe.output}`);
  }

  step("runtime load (ESM + CJS)", () => {
    // Builds a client without a server: catches broken bundles and runtime deps missing from package.json.
    const smokeTest = `const client = createOutboundClient({ baseUrl: "http://127.0.0.1:1", apiKey: "ob_live_test" });
      if (typeof client.leads.list.query !== "function") throw new Error("client proxy is broken");`;
    const esm = run(
      "node",
      ["--input-type=module", "-e", `import { createOutboundClient } from "@outbound/sdk"; ${smokeTest}`],
      consumer,
    );
    const cjs = run(
      "node",
      ["-e", `const { createOutboundClient } = require("@outbound/sdk"); ${smokeTest}`],
      consumer,
    );
    for (const [format, result] of [
      ["ESM", esm],
      ["CJS", cjs],
    ]) {
      if (result.code === 0) console.log(`✓ ${format} entry loads and builds a client`);
      else fail(`${format} entry does not load:\n${result.output}`);
    }
  });

  const lint = step("publint", () => run("node_modules/.bin/publint", [pkgDir], consumer));
  if (lint.code === 0) console.log(`✓ publint: ${lint.output.split("\n").join("\n  ")}`);
  else fail(`publint found errors:\n${lint.output}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  if (keep) console.log(`(kept ${tmp})`);
  else rmSync(tmp, { recursive: true, force: true });
  console.log("\nTimings:");
  for (const [name, ms] of timings) console.log(`  ${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s`);
}

if (failures.length > 0) {
  console.error(`\nSDK consumer check FAILED (${failures.length} problem${failures.length === 1 ? "" : "s"}).`);
  process.exit(1);
}
console.log("\nSDK consumer check passed.");

function writeConsumerProject(dir) {
  const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(dir, "package.json"), json({ name: "sdk-consumer", private: true, type: "module" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    json({
      compilerOptions: {
        target: "ES2022",
        // DOM (or @types/node) for fetch types, ESNext.Disposable for tRPC's types; see the SDK README.
        lib: ["ES2022", "DOM", "ESNext.Disposable"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        types: [],
        noEmit: true,
      },
      include: ["src"],
    }),
  );
  writeFileSync(
    join(dir, "tsconfig.no-disposable.json"),
    json({ extends: "./tsconfig.json", compilerOptions: { lib: ["ES2022", "DOM"] } }),
  );
  writeFileSync(join(dir, "src/consumer.ts"), consumerSource());
  writeFileSync(join(dir, "src/consumer-cjs.cts"), consumerCjsSource());
}

/**
 * Correct calls must compile; each `@ts-expect-error` must meet a real error, or tsc reports
 * the directive as unused, so a type that got looser fails the check too.
 */
function consumerSource() {
  return `import {
  createOutboundClient,
  type OutboundClientError,
  type RouterInputs,
  type RouterOutputs,
  TRPCClientError,
} from "@outbound/sdk";

type Lead = RouterOutputs["leads"]["get"];

const client = createOutboundClient({ baseUrl: "http://127.0.0.1:3000", apiKey: "ob_live_example" });

export async function correctUsage(): Promise<Lead[]> {
  const info = await client.system.info.query();
  const version: 1 = info.apiVersion;

  const created = await client.leads.create.mutate({ email: "ada@example.com" });
  const full: RouterInputs["leads"]["create"] = {
    email: "grace@example.com",
    name: "Grace Hopper",
    company: null,
    status: "replied",
    idempotencyKey: "import-42",
  };
  await client.leads.create.mutate(full);
  const when: Date = created.created;

  const page = await client.leads.list.query({ limit: 20, status: "interested", search: "ada" });
  const everyone = await client.leads.list.query();
  const next: string | null = page.nextCursor;
  if (next) await client.leads.list.query({ cursor: next });
  const first = page.items[0];
  const firstName: string | null | undefined = first?.name;

  const lead = await client.leads.get.query({ id: created.id });
  const email: string = lead.email;

  try {
    await client.leads.get.query({ id: "00000000-0000-0000-0000-000000000000" });
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const failed = error as OutboundClientError;
      const code: string | undefined = failed.data?.code;
      const fields: Record<string, string[]> | undefined = failed.data?.fieldErrors;
      console.log(code, fields);
    }
  }
  console.log(version, when, firstName, email);
  return [lead, ...everyone.items];
}

export async function wrongInputs(): Promise<void> {
  // @ts-expect-error limit is a number
  await client.leads.list.query({ limit: "10" });
  // @ts-expect-error status is one of the contract's values
  await client.leads.list.query({ status: "vip" });
  // @ts-expect-error status is one of the contract's values
  await client.leads.create.mutate({ email: "a@example.com", status: "vip" });
  // @ts-expect-error email is required
  await client.leads.create.mutate({ name: "No Email" });
  // @ts-expect-error email is a string
  await client.leads.create.mutate({ email: 42 });
  // @ts-expect-error unknown fields are rejected
  await client.leads.create.mutate({ email: "a@example.com", phone: "+1 555" });
  // @ts-expect-error id is required
  await client.leads.get.query({});
  // @ts-expect-error apiKey is required
  createOutboundClient({ baseUrl: "http://127.0.0.1:3000" });
}

export async function unknownProcedures(): Promise<void> {
  // @ts-expect-error no such procedure
  await client.leads.destroy.mutate({ id: "x" });
  // @ts-expect-error no such router
  await client.billing.plans.query();
  // @ts-expect-error a query has no mutate
  await client.leads.list.mutate({});
  // @ts-expect-error a mutation has no query
  await client.leads.create.query({ email: "a@example.com" });
}

export async function outputMisuse(): Promise<void> {
  const lead = await client.leads.get.query({ id: "x" });
  // @ts-expect-error name may be null
  lead.name.toUpperCase();
  // @ts-expect-error created is a Date, not a string
  const created: string = lead.created;
  // @ts-expect-error server internals never reach the client
  lead.tenantId;
  const page = await client.leads.list.query();
  // @ts-expect-error items is a list
  page.items.email;
  // @ts-expect-error an item may be missing (noUncheckedIndexedAccess)
  page.items[0].email;
  const info = await client.system.info.query();
  // @ts-expect-error apiVersion is the literal 1
  const version: 2 = info.apiVersion;
  console.log(created, version);
}
`;
}

/** A CommonJS consumer resolves the \`require\` condition, so this checks dist/index.d.cts. */
function consumerCjsSource() {
  return `import { createOutboundClient, type RouterOutputs } from "@outbound/sdk";

const client = createOutboundClient({ baseUrl: "http://127.0.0.1:3000", apiKey: "ob_live_example" });

export async function listEmails(): Promise<string[]> {
  const page: RouterOutputs["leads"]["list"] = await client.leads.list.query({ limit: 5 });
  // @ts-expect-error email is required
  await client.leads.create.mutate({});
  return page.items.map((lead) => lead.email);
}
`;
}
