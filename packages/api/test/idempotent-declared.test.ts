import { describe, expect, it } from "vitest";
import { appRouter } from "../src/root.js";
import { idempotent } from "../src/trpc.js";

interface ProcedureLike {
  _def: { type: string; inputs: unknown[]; middlewares: unknown[] };
}

const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureLike>;
const [idempotentMiddleware] = (idempotent as unknown as { _middlewares: unknown[] })._middlewares;

const takesKey = (procedure: ProcedureLike) =>
  procedure._def.inputs.some((schema) => {
    const shape = (schema as { shape?: Record<string, unknown> } | null)?.shape;
    return typeof shape === "object" && shape !== null && "idempotencyKey" in shape;
  });

describe("idempotent procedures", () => {
  it("are exactly the mutations whose input takes idempotencyKey, each declaring `idempotent`", () => {
    expect(idempotentMiddleware).toBeTypeOf("function");
    const keyed = Object.entries(procedures).filter(([, p]) => takesKey(p));
    expect(keyed.length).toBeGreaterThan(10);
    const problems = keyed.flatMap(([path, p]) => {
      if (p._def.type !== "mutation") return [`${path} is a ${p._def.type} taking idempotencyKey`];
      return p._def.middlewares.includes(idempotentMiddleware) ? [] : [`${path} takes a key but isn't idempotent`];
    });
    const undeclared = Object.entries(procedures)
      .filter(([, p]) => !takesKey(p) && p._def.middlewares.includes(idempotentMiddleware))
      .map(([path]) => `${path} is idempotent but its input has no idempotencyKey`);
    expect([...problems, ...undeclared]).toEqual([]);
  });
});
