/**
 * Fuzzes every procedure of the router in-process (issue #14): valid inputs of its security case
 * with fields replaced by hostile values, inputs generated from its zod schema, and hostile
 * values as the whole input, each called as a role the procedure admits. No call may end in
 * INTERNAL_SERVER_ERROR, and nothing but a TRPCError may escape; every failure is collected and
 * the report at the end lists them all, grouped by procedure and cause.
 *
 *   FUZZ_SEED  fast-check seed (default 1414); each procedure derives its own from it and its path,
 *              so a failure replays with the same FUZZ_SEED (base inputs still get fresh row ids).
 *   FUZZ_RUNS  inputs per procedure (default 20); FUZZ_RUNS=500 for a long run.
 *
 *   pnpm vitest run packages/api/test/fuzz                                  (PGlite)
 *   node scripts/with-fresh-pg.mjs vitest run packages/api/test/fuzz        (PostgreSQL)
 */
import { callerFor, createSecurityFixture, useTestDatabase } from "@outbound/testing";
import { startDnsServer, type TestDnsServer } from "@outbound/testing/dns-server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessRule } from "../../src/access.js";
import { appRouter } from "../../src/root.js";
import { type CaseContext, procedureCases } from "../security/cases.js";
import { inputJsonSchema, type JsonSchema } from "./arbitraries.js";
import { describeInput } from "./describe-input.js";
import { inputOf, planArbitrary } from "./mutations.js";
import { outcomeOf, problemOf, procedureAt } from "./outcomes.js";
import { isIsolated, setupsFor } from "./setups.js";
import { prototypePollution } from "./wire.js";

const SEED = Number(process.env.FUZZ_SEED ?? 1414);
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
/** Longer than any timeout of the procedures themselves (the SMTP connection test gives up after 10 s). */
const CALL_TIMEOUT_MS = 15_000;
/** Procedures slower than this a call on average are listed after the run. */
const SLOW_MS_PER_CALL = 100;

interface ProcedureDef {
  _def: { type: "query" | "mutation" | "subscription"; meta?: { access?: AccessRule }; inputs: unknown[] };
}
const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;
const paths = Object.keys(procedures).sort();
// Procedures that may take away access run last, each on its own fixture (see setups.ts).
const ordered = [...paths.filter((p) => !isIsolated(p)), ...paths.filter(isIsolated)];

/** The JSON Schema of what the procedure accepts; null when it takes no input. */
function schemaOf(def: ProcedureDef["_def"]): JsonSchema | null {
  const parts = def.inputs.map(inputJsonSchema);
  if (parts.length === 0) return null;
  return parts.length === 1 ? (parts[0] ?? null) : { allOf: parts };
}

/** FNV-1a: a stable seed per procedure, so adding one doesn't change the inputs of the others. */
function seedFor(path: string): number {
  let hash = 2166136261;
  for (const char of path) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619);
  return (hash ^ SEED) | 0;
}

interface Failure {
  path: string;
  problem: string;
  input: string;
}
const failures: Failure[] = [];
const durations = new Map<string, number>();

const database = useTestDatabase();
let shared: CaseContext;
let dns: TestDnsServer;

beforeAll(async () => {
  shared = { db: database.db, fixture: await createSecurityFixture(database.db) };
  // domains.verify resolves through this loopback server (every name is NXDOMAIN), never the network.
  dns = await startDnsServer();
});
afterAll(async () => {
  await dns?.close();
});

describe.each(ordered)("%s", (path) => {
  it(`answers ${RUNS} fuzzed inputs without an internal error`, { timeout: 60_000 + RUNS * 2_000 }, async () => {
    const def = procedures[path]?._def;
    const access = def?.meta?.access;
    if (!def || !access) throw new Error(`${path} declares no access rule`);
    const plans = fc.sample(planArbitrary(schemaOf(def)), { seed: seedFor(path), numRuns: RUNS });
    const nextSetup = await setupsFor(path, access, shared);
    const started = performance.now();
    for (const plan of plans) {
      const { token, context } = await nextSetup();
      const base =
        plan.kind === "base" || plan.kind === "bare" ? await procedureCases[path]?.input?.(context) : undefined;
      const input = inputOf(plan, base);
      const caller = callerFor(database.db, token ? `Bearer ${token}` : null, { dnsServers: [dns.address] });
      const outcome = await outcomeOf(() => procedureAt(caller, path)(input), CALL_TIMEOUT_MS);
      const problem = problemOf(outcome) ?? prototypePollution();
      if (problem) failures.push({ path, problem, input: describeInput(input) });
    }
    durations.set(path, performance.now() - started);
  });
});

/** One line per procedure and cause: how often, and the shortest input that caused it. */
function report(all: Failure[]): string[] {
  const groups = new Map<string, Failure[]>();
  for (const failure of all) {
    const key = `${failure.path}: ${failure.problem}`;
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  return [...groups.entries()].map(([key, group]) => {
    const shortest = group.map((f) => f.input).sort((x, y) => x.length - y.length)[0];
    return `${key} ×${group.length} ← ${shortest}`;
  });
}

describe("the fuzz run", () => {
  it("ended no call in INTERNAL_SERVER_ERROR or a non-tRPC error", () => {
    const slow = [...durations.entries()]
      .filter(([, ms]) => ms / RUNS > SLOW_MS_PER_CALL)
      .sort(([, x], [, y]) => y - x)
      .map(([path, ms]) => `${path} ${Math.round(ms / RUNS)} ms`);
    if (slow.length > 0) console.info(`fuzz: slow procedures (a call on average): ${slow.join(", ")}`);
    expect(report(failures), `FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`).toEqual([]);
  });
});
