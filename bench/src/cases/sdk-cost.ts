import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "../load.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));

export interface SdkSize {
  esm: { minified: number; gzip: number };
  withDependencies: { minified: number; gzip: number };
}

/** Min + gzip of the ESM build, from scripts/sdk-size.mjs (builds the SDK when stale). */
export function sdkSize(): SdkSize {
  const out = execFileSync("node", [join(root, "scripts/sdk-size.mjs"), "--json"], { cwd: root, encoding: "utf8" });
  return JSON.parse(out) as SdkSize;
}

/** Twenty calls across the API, as an app using the SDK would write them. */
const CONSUMER = `import { createOutboundClient } from "@outbound/sdk";
const c = createOutboundClient({ baseUrl: "http://127.0.0.1:3000", apiKey: "ob_live_x" });
export async function run(id: string) {
  await c.system.info.query();
  await c.auth.me.query();
  await c.leads.list.query({ limit: 10, search: "a" });
  await c.leads.get.query({ id });
  await c.leads.create.mutate({ email: "a@b.co" });
  await c.leads.update.mutate({ id, name: "A" });
  await c.leads.setStatus.mutate({ id, status: "replied" });
  await c.leads.import.mutate({ rows: [{ email: "a@b.co" }] });
  await c.templates.list.query({});
  await c.templates.create.mutate({ name: "T", subject: "S", content: "Hi {{first_name|there}}" });
  await c.templates.render.query({ id, values: { x: "y" } });
  await c.companies.list.query({});
  await c.domains.list.query({});
  await c.domains.verify.mutate({ id });
  await c.emailAccounts.list.query({});
  await c.apiKeys.list.query({});
  await c.members.list.query({});
  await c.tenantConfig.get.query();
  await c.tenantPolicies.get.query();
  await c.preferences.get.query();
}
`;

export interface ConsumerTscResult {
  twentyProceduresMs: number;
  emptyFileMs: number;
}

/** A fresh project with only the packed SDK and TypeScript 7: `tsc --noEmit` time, median of five. */
export function consumerTsc(): ConsumerTscResult {
  const dir = mkdtempSync(join(tmpdir(), "outbound-consumer-"));
  try {
    execFileSync("pnpm", ["--filter", "@outbound/sdk", "build"], { cwd: root, stdio: "ignore" });
    execFileSync("pnpm", ["pack", "--pack-destination", dir], { cwd: join(root, "packages/sdk"), stdio: "ignore" });
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error("pnpm pack produced no tarball");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", `./${tarball}`, "typescript@7.0.2"], {
      cwd: dir,
      stdio: "ignore",
    });
    const compilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      module: "NodeNext",
      moduleResolution: "NodeNext",
      target: "ES2022",
      lib: ["ES2022", "DOM", "ESNext.Disposable"],
    };
    const timeFor = (file: string, content: string) => {
      writeFileSync(join(dir, file), content);
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: [file] }));
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const run = spawnSync(join(dir, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], {
          cwd: dir,
          encoding: "utf8",
        });
        if (run.status !== 0) throw new Error(`tsc failed on ${file}:\n${run.stdout}${run.stderr}`);
        samples.push(performance.now() - started);
      }
      return Math.round(median(samples));
    };
    return {
      twentyProceduresMs: timeFor("consumer.ts", CONSUMER),
      emptyFileMs: timeFor("empty.ts", "export {};\n"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
