import { describe, expect, it } from "vitest";
import { acceptsIdempotencyKey } from "../src/idempotency-header.js";
import { appRouter } from "../src/root.js";
import { idempotent } from "../src/trpc.js";

interface ProcedureLike {
  _def: { type: string; inputs: unknown[]; middlewares: unknown[] };
}

const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureLike>;
const [idempotentMiddleware] = (idempotent as unknown as { _middlewares: unknown[] })._middlewares;

// The same reading of the input the Idempotency-Key header and the SDK's list rely on.
const takesKey = acceptsIdempotencyKey;

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
