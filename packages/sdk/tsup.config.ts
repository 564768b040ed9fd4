import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  platform: "neutral",
  target: "es2022",
  clean: true,
  sourcemap: true,
  // The router's types are inlined from the workspace sources, so consumers never install our
  // server packages. tsup sets `baseUrl`, which TS 6 deprecates without `ignoreDeprecations`.
  dts: { resolve: [/^@outbound\//], compilerOptions: { ignoreDeprecations: "6.0" } },
});
