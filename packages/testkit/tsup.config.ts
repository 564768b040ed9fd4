import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  clean: true,
  sourcemap: true,
  // The server's own packages are private: their code ships inside dist. Their npm dependencies
  // stay imports (listed in `dependencies`), and so does the published SDK.
  noExternal: [/^@outbound\/(api|db|engine|server)(\/|$)/],
  // The published types name only the testkit's API and the SDK's types (see src/types.ts).
  tsconfig: "tsconfig.build.json",
  dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
});
