// What the consumer checks of our published packages share: timed steps, commands, failures,
// packing a workspace package as npm would publish it, and the checks of a packed package
// (no workspace protocols left, files present, what its types and code import, publint, attw).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Root devDependencies, so the lint steps need no download. */
const PUBLINT = join(root, "node_modules/.bin/publint");
const ATTW = join(root, "node_modules/.bin/attw");

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
/** Module imports of bundled ESM: statements at the start of a line and `import("…")`, never words in comments. */
const STATEMENT_IMPORT =
  /^\s*(?:import|export)\b[^;"']*?\bfrom\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/gm;
const TYPE_IMPORT =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']|<reference\s+(?:types|path)=["']([^"']+)["']/gm;

/**
 * The compiler options a demanding consumer project uses: strict, exact optional properties,
 * checked index access, and `skipLibCheck: false` so our published `.d.ts` files are checked too.
 * ESNext.Disposable is there for tRPC's types, as the SDK README says.
 */
export function strictConsumerTsconfig({ types, include }) {
  return {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM", "ESNext.Disposable"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      types,
      noEmit: true,
    },
    include,
  };
}

/** A package name from an import specifier (`@scope/name/sub` → `@scope/name`). */
export const packageOf = (specifier) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

/** One check run: timed steps, failures collected (the run goes on), a summary at the end. */
export function createCheck(name) {
  const timings = [];
  const failures = [];

  function step(label, fn) {
    const started = performance.now();
    try {
      return fn();
    } finally {
      timings.push([label, performance.now() - started]);
    }
  }

  function run(cmd, args, cwd, env = {}) {
    const result = spawnSync(cmd, args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
    });
    if (result.error) throw result.error;
    return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}`.trim() };
  }

  function mustRun(cmd, args, cwd, env) {
    const result = run(cmd, args, cwd, env);
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

  /** A temp dir outside the repo, so nothing there resolves the workspace's node_modules. */
  function tempDir(prefix) {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    if (!relative(root, dir).startsWith(".."))
      throw new Error(`temp dir ${dir} is inside the repo; set TMPDIR elsewhere`);
    return dir;
  }

  /** `pnpm pack` (which rewrites `catalog:` and `workspace:`) into `tarball`, extracted under `into`; returns the package dir. */
  function pack(packageDir, tarball, into) {
    step(`pack ${relative(root, packageDir)}`, () => mustRun("pnpm", ["pack", "--out", tarball], packageDir));
    mkdirSync(into, { recursive: true });
    mustRun("tar", ["-xzf", tarball, "-C", into]);
    return join(into, "package");
  }

  /** The manifest keeps no workspace protocol and the package holds `files`. */
  function inspectPackage(pkgDir, files) {
    const manifest = readFileSync(join(pkgDir, "package.json"), "utf8");
    for (const protocol of ["catalog:", "workspace:"]) {
      if (manifest.includes(protocol)) fail(`packed package.json still contains "${protocol}"`);
    }
    for (const file of files) {
      if (!existsSync(join(pkgDir, file))) fail(`packed package lacks ${file}`);
    }
  }

  /** The `.d.ts` files of dist/ import only relative paths and `allowed` packages (and reference nothing). */
  function checkDeclarations(pkgDir, allowed) {
    const declarations = readdirSync(join(pkgDir, "dist")).filter((f) => /\.d\.c?ts$/.test(f));
    let clean = true;
    for (const file of declarations) {
      const text = readFileSync(join(pkgDir, "dist", file), "utf8");
      const offending = new Set();
      for (const match of text.matchAll(TYPE_IMPORT)) {
        const target = match[1] ?? match[2];
        const ok = target.startsWith(".") || allowed.some((p) => target === p || target.startsWith(`${p}/`));
        if (!ok || match[2]) offending.add(target);
      }
      for (const target of offending) {
        clean = false;
        fail(`dist/${file} references "${target}": published types must be self-contained`);
      }
    }
    if (clean) console.log(`✓ ${declarations.join(", ")} import only ${allowed.join(", ")}`);
  }

  /** Bare imports of the given ESM bundles (builtins excluded), as package names. */
  function runtimeImports(pkgDir, files) {
    const found = new Set();
    for (const file of files) {
      const text = readFileSync(join(pkgDir, file), "utf8");
      for (const match of text.matchAll(STATEMENT_IMPORT)) {
        const target = match[1] ?? match[2] ?? match[3];
        if (!target.startsWith(".") && !BUILTINS.has(target)) found.add(packageOf(target));
      }
    }
    return found;
  }

  /** Node built-ins the given files load (an SDK for browsers must load none). */
  function builtinImports(pkgDir, file) {
    const text = readFileSync(join(pkgDir, file), "utf8");
    return [...new Set([...text.matchAll(IMPORT)].map((m) => m[1]).filter((target) => BUILTINS.has(target)))];
  }

  function publint(tarball) {
    const lint = step("publint --strict", () => run(PUBLINT, ["run", tarball, "--strict"], root));
    if (lint.code === 0) console.log("✓ publint --strict: no errors or warnings");
    else fail(`publint found problems:\n${lint.output}`);
  }

  function attw(tarball, profile, describe) {
    const result = step("are-the-types-wrong", () =>
      run(ATTW, [tarball, "--profile", profile, "--format", "ascii"], root),
    );
    if (result.code === 0) console.log(`✓ are-the-types-wrong (${profile}): ${describe}`);
    else fail(`are-the-types-wrong found problems:\n${result.output}`);
  }

  /** Prints the timings and exits 1 when anything failed. */
  /**
   * Runs the whole check in a fresh temp dir (`body(dir)`), turning a thrown error into a
   * failure, and removes the dir afterwards unless the script was run with `--keep`; then
   * prints the summary and exits non-zero on any failure.
   */
  async function inTempDir(prefix, body) {
    const keep = process.argv.includes("--keep");
    const dir = tempDir(prefix);
    try {
      await body(dir);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    } finally {
      if (keep) console.log(`(kept ${dir})`);
      else rmSync(dir, { recursive: true, force: true });
    }
    finish();
  }

  function finish() {
    console.log("\nTimings:");
    for (const [label, ms] of timings) console.log(`  ${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s`);
    if (failures.length > 0) {
      console.error(`\n${name} FAILED (${failures.length} problem${failures.length === 1 ? "" : "s"}).`);
      process.exit(1);
    }
    console.log(`\n${name} passed.`);
  }

  return {
    step,
    run,
    mustRun,
    fail,
    inTempDir,
    pack,
    inspectPackage,
    checkDeclarations,
    runtimeImports,
    builtinImports,
    publint,
    attw,
    finish,
  };
}
