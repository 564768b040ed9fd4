// Writes src/idempotent-mutations.ts: every mutation of the router whose input takes
// `idempotencyKey`. Run by `pnpm build`, so a published SDK always knows every create of the
// router it was built from, without anyone keeping a list by hand.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { appRouter, idempotentMutationPaths } from "@outbound/api";

const paths = idempotentMutationPaths(appRouter);

const sdkDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(sdkDir, "src/idempotent-mutations.ts");
const source = `// Generated from the router by scripts/generate-idempotent-mutations.ts (run by \`pnpm build\`); do not edit.
import type { IdempotentMutationPath } from "./idempotency.js";

/** The mutations the client gives an idempotency key when the caller didn't, which makes them safe to retry. */
export const IDEMPOTENT_MUTATIONS = [
${paths.map((path) => `  ${JSON.stringify(path)},`).join("\n")}
] as const satisfies readonly IdempotentMutationPath[];
`;

const before = (() => {
  try {
    return readFileSync(target, "utf8");
  } catch {
    return "";
  }
})();
writeFileSync(target, source);
// Let the formatter decide the layout, so the file passes `biome check` whatever the list's length.
const biome = join(sdkDir, "../../node_modules/.bin/biome");
const formatted = spawnSync(biome, ["format", "--write", target], { encoding: "utf8" });
if (formatted.status !== 0) throw new Error(`biome format failed: ${formatted.stderr}`);
const changed = readFileSync(target, "utf8") !== before;
console.log(`idempotent mutations: ${paths.length}${changed ? " (updated src/idempotent-mutations.ts)" : ""}`);
