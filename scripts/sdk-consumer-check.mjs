#!/usr/bin/env node
// Checks @outbound/sdk the way a stranger meets it: built, packed (so `catalog:` and `workspace:`
// are rewritten), linted as a package (publint, are-the-types-wrong), installed from the tarball
// into an empty project outside the monorepo, type-checked strictly with `skipLibCheck: false` by
// more than one TypeScript, and loaded at runtime as ESM and CommonJS.
// Usage: pnpm check:sdk [--keep]   (--keep leaves the temp project for inspection)
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createCheck, root, strictConsumerTsconfig } from "./lib/package-check.mjs";

const sdkDir = join(root, "packages/sdk");

/** A TypeScript 5 many consumers still pin, and the current native one. */
const TYPESCRIPTS = [
  { label: "TypeScript 5.9.3", spec: "typescript@5.9.3", tsc: "node_modules/typescript/bin/tsc" },
  { label: "TypeScript 7.0.2", spec: "ts7@npm:typescript@7.0.2", tsc: "node_modules/ts7/bin/tsc" },
];
/** The only packages the published types may import; everything else would have to be installed by users. */
const ALLOWED_TYPE_IMPORTS = ["@trpc/client", "@trpc/server"];

const check = createCheck("SDK consumer check");
const { step, run, mustRun, fail } = check;
await check.inTempDir("outbound-sdk-consumer-", async (tmp) => {
  const tarball = join(tmp, "outbound-sdk.tgz");
  const consumer = join(tmp, "consumer");

  step("build SDK", () => mustRun("pnpm", ["--filter", "@outbound/sdk", "build"], root));
  console.log("✓ built @outbound/sdk");

  const pkgDir = check.pack(sdkDir, tarball, join(tmp, "packed"));
  console.log(`✓ packed ${relative(tmp, tarball)}`);

  step("inspect package", () => {
    check.inspectPackage(pkgDir, [
      "dist/index.js",
      "dist/index.cjs",
      "dist/index.d.ts",
      "dist/index.d.cts",
      "README.md",
      "LICENSE",
    ]);
    check.checkDeclarations(pkgDir, ALLOWED_TYPE_IMPORTS);
    // Browsers and edge runtimes have no Node built-ins: the entry points must not load any.
    for (const file of ["dist/index.js", "dist/index.cjs"]) {
      const nodeOnly = check.builtinImports(pkgDir, file);
      if (nodeOnly.length > 0) fail(`${file} loads Node built-ins (${nodeOnly.join(", ")})`);
      else console.log(`✓ ${file} loads no Node built-in (runs in browsers and edge runtimes)`);
    }
  });

  check.publint(tarball);
  check.attw(tarball, "strict", "node10, node16 (CJS and ESM) and bundler resolve typed entries");

  step("npm install", () => {
    mkdirSync(join(consumer, "src"), { recursive: true });
    writeConsumerProject(consumer);
    mustRun(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, ...TYPESCRIPTS.map((t) => t.spec)],
      consumer,
    );
  });
  console.log(`✓ installed the tarball with ${TYPESCRIPTS.map((t) => t.spec).join(", ")}`);

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

  step("runtime (ESM + CJS)", () => {
    // No server needed: catches broken bundles, runtime deps missing from package.json, error
    // classes that lose `instanceof` in a format, and option checks that stopped running.
    for (const [format, file] of [
      ["ESM", "src/runtime-check.mjs"],
      ["CJS", "src/runtime-check.cjs"],
    ]) {
      const result = run("node", [file], consumer);
      if (result.code === 0) console.log(`✓ ${format}: ${result.output}`);
      else fail(`${format} runtime check failed:\n${result.output}`);
    }
  });
});

function writeConsumerProject(dir) {
  const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(dir, "package.json"), json({ name: "sdk-consumer", private: true, type: "module" }));
  // DOM (or @types/node) gives the fetch types; see the SDK README.
  writeFileSync(join(dir, "tsconfig.json"), json(strictConsumerTsconfig({ types: [], include: ["src"] })));
  writeFileSync(
    join(dir, "tsconfig.no-disposable.json"),
    json({ extends: "./tsconfig.json", compilerOptions: { lib: ["ES2022", "DOM"] } }),
  );
  writeFileSync(join(dir, "src/consumer.ts"), consumerSource());
  writeFileSync(join(dir, "src/consumer-api.ts"), consumerApiSource());
  writeFileSync(join(dir, "src/consumer-cjs.cts"), consumerCjsSource());
  writeFileSync(join(dir, "src/runtime-check.mjs"), runtimeCheckSource("esm"));
  writeFileSync(join(dir, "src/runtime-check.cjs"), runtimeCheckSource("cjs"));
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
  // Without a key, for public calls.
  createOutboundClient({ baseUrl: "http://127.0.0.1:3000" });
  // @ts-expect-error apiKey is a string
  createOutboundClient({ baseUrl: "http://127.0.0.1:3000", apiKey: 42 });
}

export async function unknownProcedures(): Promise<void> {
  // @ts-expect-error no such procedure
  await client.leads.destroy.mutate({ id: "x" });
  // @ts-expect-error no such router
  await client.invoices.list.query();
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

/** The SDK's own API: options, error classes, per-call settings, pagination and importLeads. */
function consumerApiSource() {
  return `import {
  ApiError,
  type AppRouter,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  createOutboundClient,
  type ErrorData,
  type ImportLeadRow,
  type ImportLeadsResult,
  type ImportProgress,
  importLeads,
  NotFoundError,
  type OutboundClient,
  type OutboundClientOptions,
  OutboundError,
  type Page,
  PermissionError,
  paginate,
  QuotaExceededError,
  RateLimitError,
  type RequestOptions,
  TimeoutError,
  TRPCClientError,
  ValidationError,
} from "@outbound/sdk";

const options: OutboundClientOptions = {
  baseUrl: "http://127.0.0.1:3000",
  apiKey: "ob_live_example",
  fetch: globalThis.fetch,
  timeoutMs: 10_000,
  maxRetries: 3,
  headers: { "X-Trace": "consumer" },
};
const client: OutboundClient = createOutboundClient(options);

export function configuration(): OutboundClient[] {
  const perCall: RequestOptions = { timeoutMs: 1_000 };
  const fast = client.withOptions(perCall);
  const once = client.withOptions({ maxRetries: 0 });
  // @ts-expect-error unknown options are refused
  createOutboundClient({ baseUrl: "http://127.0.0.1:3000", apiKey: "k", timeout: 5_000 });
  // @ts-expect-error maxRetries is a number
  createOutboundClient({ baseUrl: "http://127.0.0.1:3000", apiKey: "k", maxRetries: "3" });
  // @ts-expect-error per-call settings are timeoutMs and maxRetries only
  client.withOptions({ apiKey: "other" });
  return [fast, once];
}

export async function errorHandling(): Promise<string> {
  try {
    await client.leads.create.mutate({ email: "ada@example.com" });
    return "created";
  } catch (error) {
    if (error instanceof ValidationError) {
      const fields: Record<string, string[]> = error.fieldErrors;
      return Object.keys(fields).join();
    }
    if (error instanceof QuotaExceededError) {
      const limit: string | undefined = error.limit;
      const used: number | undefined = error.used;
      const allowed: number | undefined = error.allowed;
      return \`\${limit} \${used}/\${allowed}\`;
    }
    if (error instanceof RateLimitError) return \`retry in \${error.retryAfter ?? "?"} s\`;
    if (error instanceof ConflictError) return \`\${error.status} \${error.blockers?.join()}\`;
    if (error instanceof TimeoutError) return \`timed out after \${error.timeoutMs} ms\`;
    if (error instanceof AuthenticationError || error instanceof PermissionError) return error.message;
    if (error instanceof NotFoundError || error instanceof ConnectionError || error instanceof ApiError) {
      return error.name;
    }
    if (error instanceof OutboundError) {
      const code: string = error.code;
      const requestId: string | undefined = error.requestId;
      const status: number | undefined = error.httpStatus;
      const path: string | undefined = error.path;
      const data: ErrorData | null | undefined = error.data;
      // Still a tRPC client error, for code written against plain tRPC.
      const plainTrpc: TRPCClientError<AppRouter> = error;
      // @ts-expect-error requestId may be missing (no response arrived)
      const required: string = error.requestId;
      return [code, requestId, status, path, data?.code, plainTrpc.message, required].join();
    }
    throw error;
  }
}

export async function pagination(): Promise<string[]> {
  const emails: string[] = [];
  for await (const lead of client.paginate(client.leads.list, { status: "new", limit: 200 })) {
    emails.push(lead.email);
  }
  for await (const lead of paginate(client.leads.list)) {
    const created: Date = lead.created;
    // @ts-expect-error items are leads
    lead.title;
    console.log(created);
  }
  const page: Page<{ email: string }> = await client.leads.list.query();
  // @ts-expect-error list filters are checked
  paginate(client.leads.list, { status: "vip" });
  // @ts-expect-error only list procedures can be paginated
  paginate(client.leads.get, { id: "x" });
  return [...emails, ...page.items.map((lead) => lead.email)];
}

export async function importing(): Promise<number> {
  const rows: ImportLeadRow[] = [{ email: "ada@example.com", name: "Ada", company: null, status: "new" }];
  async function* fromCsv(): AsyncGenerator<ImportLeadRow> {
    yield { email: "grace@example.com", status: "Interested" };
  }
  const result: ImportLeadsResult = await importLeads(client, rows, {
    chunkSize: 500,
    onDuplicate: "update",
    onProgress: (progress: ImportProgress) => console.log(progress.rowsDone, progress.totalRows),
  });
  await importLeads(client, fromCsv(), { signal: AbortSignal.timeout(60_000) });
  const firstInvalid: number | undefined = result.invalid[0]?.index;
  // @ts-expect-error email is required
  await importLeads(client, [{ name: "No Email" }]);
  // @ts-expect-error onDuplicate is skip or update
  await importLeads(client, rows, { onDuplicate: "merge" });
  // @ts-expect-error unknown options are refused
  await importLeads(client, rows, { chunksize: 10 });
  return result.inserted + result.updated + result.skipped + (firstInvalid ?? 0);
}
`;
}

/** Runs without a server: option checks, and a refused connection as a typed error in this module format. */
function runtimeCheckSource(format) {
  const load = format === "esm" ? `import * as sdk from "@outbound/sdk";` : `const sdk = require("@outbound/sdk");`;
  return `${load}
const { createOutboundClient, ConnectionError, OutboundError, TRPCClientError, NotFoundError } = sdk;

async function main() {
  let refused = "";
  try {
    createOutboundClient({ baseUrl: "http://127.0.0.1:1", apiKey: "ob_live_test", timeout: 1 });
  } catch (error) {
    refused = error instanceof TypeError ? error.message : String(error);
  }
  if (!refused.includes('unknown option "timeout"')) throw new Error("an unknown option was not refused: " + refused);

  const client = createOutboundClient({ baseUrl: "http://127.0.0.1:1", apiKey: "ob_live_test", maxRetries: 0 });
  if (typeof client.leads.list.query !== "function" || typeof client.paginate !== "function") {
    throw new Error("client proxy is broken");
  }
  const error = await client.system.info.query().then(() => undefined, (e) => e);
  if (!(error instanceof ConnectionError && error instanceof OutboundError && error instanceof TRPCClientError)) {
    throw new Error("expected a ConnectionError, got " + error);
  }
  if (error instanceof NotFoundError || error.code !== "CONNECTION_ERROR") throw new Error("wrong error class or code");
  console.log("loads, refuses unknown options, rejects a refused connection with ConnectionError");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
}

/** A CommonJS consumer resolves the \`require\` condition, so this checks dist/index.d.cts. */
function consumerCjsSource() {
  return `import { createOutboundClient, NotFoundError, paginate, type RouterOutputs } from "@outbound/sdk";

const client = createOutboundClient({ baseUrl: "http://127.0.0.1:3000", apiKey: "ob_live_example" });

export async function listEmails(): Promise<string[]> {
  const page: RouterOutputs["leads"]["list"] = await client.leads.list.query({ limit: 5 });
  // @ts-expect-error email is required
  await client.leads.create.mutate({});
  const all: string[] = [];
  try {
    for await (const lead of paginate(client.leads.list, { limit: 100 })) all.push(lead.email);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  return [...page.items.map((lead) => lead.email), ...all];
}
`;
}
