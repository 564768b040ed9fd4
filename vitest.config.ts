import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // The testkit's tests import it and the SDK by their published names (the README example is
  // one of them); here both run from source, so `pnpm test` needs no build first. `test:pg`
  // leaves packages/testkit out: the testkit always runs on its own PGlite, DATABASE_URL changes
  // nothing for it, so a second run would test the same thing.
  resolve: {
    alias: {
      "@outbound/testkit": source("./packages/testkit/src/index.ts"),
      "@outbound/sdk": source("./packages/sdk/src/index.ts"),
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts"],
    globalSetup: ["packages/testing/src/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
