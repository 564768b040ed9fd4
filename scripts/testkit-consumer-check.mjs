#!/usr/bin/env node
// Checks @outbound/testkit the way an integrator meets it: the SDK and the testkit built and
// packed (workspace protocols rewritten), linted as packages (publint, are-the-types-wrong), only
// the two tarballs installed (with vitest and typescript from the registry) into an empty project
// outside the monorepo, type-checked strictly (`skipLibCheck: false`), and the README's example
// test run there with Vitest.
// Usage: pnpm check:testkit [--keep]   (--keep leaves the temp project for inspection)
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCheck, root, strictConsumerTsconfig } from "./lib/package-check.mjs";

const testkitDir = join(root, "packages/testkit");
const EXAMPLE = join(testkitDir, "test/readme-example.test.ts");
/** What the consumer installs from the registry besides the two tarballs: the versions the repo uses. */
const REGISTRY = ["vitest@4.1.12", "typescript@7.0.2", "@types/node@20"];

const check = createCheck("Testkit consumer check");
const { step, run, mustRun, fail } = check;
await check.inTempDir("outbound-testkit-consumer-", async (tmp) => {
  const consumer = join(tmp, "consumer");

  step("build SDK + testkit", () => {
    mustRun("pnpm", ["--filter", "@outbound/sdk", "build"], root);
    mustRun("pnpm", ["--filter", "@outbound/testkit", "build"], root);
  });
  console.log("✓ built @outbound/sdk and @outbound/testkit");

  const sdkTarball = join(tmp, "outbound-sdk.tgz");
  const testkitTarball = join(tmp, "outbound-testkit.tgz");
  check.pack(join(root, "packages/sdk"), sdkTarball, join(tmp, "packed-sdk"));
  const pkgDir = check.pack(testkitDir, testkitTarball, join(tmp, "packed-testkit"));
  console.log("✓ packed both");

  step("inspect package", () => {
    check.inspectPackage(pkgDir, [
      "dist/index.js",
      "dist/index.d.ts",
      "snapshot/pglite.tar.gz",
      "migrations/meta/_journal.json",
      "README.md",
      "LICENSE",
    ]);
    // The private server packages are inside dist; its types name only the testkit's API and the SDK.
    check.checkDeclarations(pkgDir, ["@outbound/sdk"]);
    const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    const declared = new Set(Object.keys(manifest.dependencies ?? {}));
    const imported = check.runtimeImports(pkgDir, ["dist/index.js"]);
    // Packages the bundle finds on disk at run time (createRequire(…).resolve("swagger-ui-dist/…")) must be installed too.
    const bundle = readFileSync(join(pkgDir, "dist/index.js"), "utf8");
    for (const m of bundle.matchAll(/\.resolve\("((?:@[\w.-]+\/)?[\w.-]+)\//g)) if (m[1]) imported.add(m[1]);
    const undeclared = [...imported].filter((name) => !declared.has(name));
    const unused = [...declared].filter((name) => !imported.has(name));
    if (undeclared.length > 0)
      fail(`dist/index.js imports packages missing from dependencies: ${undeclared.join(", ")}`);
    else console.log(`✓ every package dist/index.js imports is a dependency (${imported.size})`);
    if (unused.length > 0) fail(`dependencies dist/index.js never imports: ${unused.join(", ")}`);
    if ([...imported].some((name) => name.startsWith("@outbound/") && name !== "@outbound/sdk")) {
      fail("dist/index.js imports a private @outbound package");
    }
  });

  check.publint(testkitTarball);
  check.attw(testkitTarball, "esm-only", "node16 (ESM) and bundler resolve the typed entry");

  step("npm install", () => {
    mkdirSync(join(consumer, "test"), { recursive: true });
    writeConsumerProject(consumer);
    // The README's example, byte for byte as the repo runs it.
    cpSync(EXAMPLE, join(consumer, "test/readme-example.test.ts"));
    mustRun(
      "npm",
      ["install", "--no-audit", "--no-fund", "--loglevel=error", sdkTarball, testkitTarball, ...REGISTRY],
      consumer,
    );
  });
  console.log(`✓ installed the two tarballs with ${REGISTRY.join(", ")}`);

  const readme = readFileSync(join(testkitDir, "README.md"), "utf8");
  const body = readFileSync(EXAMPLE, "utf8").replace(/^(\/\/.*\n)+/, "");
  if (!readme.includes(body.trim())) fail("README.md's example is not test/readme-example.test.ts (minus its comment)");
  else console.log("✓ README.md shows test/readme-example.test.ts");

  const tsc = step("tsc --noEmit", () =>
    run("node", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json"], consumer),
  );
  if (tsc.code === 0) console.log("✓ consumer type-checks (strict, skipLibCheck: false)");
  else fail(`consumer does not type-check:\n${tsc.output}`);

  const vitest = step("vitest run (README example)", () =>
    run("node", ["node_modules/vitest/vitest.mjs", "run"], consumer, { CI: "1" }),
  );
  if (vitest.code === 0) console.log("✓ the README's example passes in the fresh project");
  else fail(`the README's example failed in the fresh project:\n${vitest.output}`);
});

function writeConsumerProject(dir) {
  const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(dir, "package.json"), json({ name: "testkit-consumer", private: true, type: "module" }));
  writeFileSync(join(dir, "tsconfig.json"), json(strictConsumerTsconfig({ types: ["node"], include: ["test"] })));
  writeFileSync(
    join(dir, "vitest.config.js"),
    `import { defineConfig } from "vitest/config";\n\nexport default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });\n`,
  );
}
