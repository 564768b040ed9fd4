import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { median } from "../load.js";

const dist = new URL("../../../packages/testkit/dist/index.js", import.meta.url);

export interface TestkitStartup {
  /** Loading the bundle (its dependencies, PGlite's WASM module code). */
  importMs: number;
  /** The first `createTestOutbound()` of a process, until it resolves. */
  firstMs: number;
  /** Later instances in the same process (what each further test file's `beforeEach` pays), median. */
  nextMedianMs: number;
  /** `close()`, median. */
  closeMedianMs: number;
  /** CPU time (user + system, this process and its threads) of a later start, median: less swayed by a busy machine than wall time. */
  nextCpuMedianMs: number;
}

/**
 * `createTestOutbound()` as a test runner meets it: a fresh Node process loads the built package
 * (run `pnpm --filter @outbound/testkit build` first) and starts and closes `rounds` instances.
 */
export function testkitStartup(rounds: number): TestkitStartup {
  if (!existsSync(fileURLToPath(dist))) throw new Error("packages/testkit/dist is missing: build the testkit first");
  const script = `
    const t0 = performance.now();
    const { createTestOutbound } = await import(${JSON.stringify(dist.href)});
    const importMs = performance.now() - t0;
    const starts = [], closes = [], cpus = [];
    for (let i = 0; i < ${Math.max(2, rounds + 1)}; i++) {
      let t = performance.now();
      const cpu = process.cpuUsage();
      const outbound = await createTestOutbound();
      starts.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
      t = performance.now();
      await outbound.close();
      closes.push(performance.now() - t);
    }
    console.log(JSON.stringify({ importMs, starts, closes, cpus }));`;
  const out = execFileSync("node", ["--input-type=module", "-e", script], { encoding: "utf8" });
  const { importMs, starts, closes, cpus } = JSON.parse(out.trim().split("\n").pop() ?? "{}") as {
    importMs: number;
    starts: number[];
    closes: number[];
    cpus: number[];
  };
  return {
    importMs: Math.round(importMs),
    firstMs: Math.round(starts[0] ?? Number.NaN),
    nextMedianMs: Math.round(median(starts.slice(1))),
    closeMedianMs: Math.round(median(closes)),
    nextCpuMedianMs: Math.round(median(cpus.slice(1))),
  };
}
