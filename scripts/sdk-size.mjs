#!/usr/bin/env node
// Reports what @outbound/sdk costs a browser app: its ESM build minified and gzipped, alone and
// bundled with its runtime dependencies (@trpc/client, superjson), for the browser platform, so
// a Node built-in creeping into the main entry fails here too.
// Usage: node scripts/sdk-size.mjs [--json]   (builds the SDK first when dist/ is older than src/)
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sdkDir = join(root, "packages/sdk");
const entry = join(sdkDir, "dist/index.js");
const json = process.argv.includes("--json");

/** esbuild comes with tsup, the SDK's bundler; resolving it from there keeps the two in step. */
function loadEsbuild() {
  const fromSdk = createRequire(join(sdkDir, "package.json"));
  const fromTsup = createRequire(fromSdk.resolve("tsup"));
  return fromTsup("esbuild");
}

function newestMtime(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (!existsSync(entry) || statSync(entry).mtimeMs < newestMtime(join(sdkDir, "src"))) {
  const build = spawnSync("pnpm", ["--filter", "@outbound/sdk", "build"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) {
    console.error(`SDK build failed:\n${build.stdout}${build.stderr}`);
    process.exit(1);
  }
}

const esbuild = loadEsbuild();

async function measure(withDependencies) {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
    ...(withDependencies ? {} : { packages: "external" }),
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

const report = {
  package: "@outbound/sdk",
  version: JSON.parse(readFileSync(join(sdkDir, "package.json"), "utf8")).version,
  esm: { bytes: statSync(entry).size, ...(await measure(false)) },
  withDependencies: await measure(true),
};

if (json) {
  console.log(JSON.stringify(report));
} else {
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(`${report.package} ${report.version} (ESM build, minified for browsers)`);
  console.log(`  SDK alone:              ${kb(report.esm.minified)} min, ${kb(report.esm.gzip)} min+gzip`);
  console.log(
    `  with its dependencies:  ${kb(report.withDependencies.minified)} min, ${kb(report.withDependencies.gzip)} min+gzip`,
  );
}
