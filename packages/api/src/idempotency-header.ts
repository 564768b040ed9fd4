import type { AnyRouter } from "@trpc/server";
import { DomainError } from "./errors.js";

interface ProcedureLike {
  _def: { type: string; inputs: unknown[] };
}

/** Creates take a strict zod object at the top of their input; its shape names the key. */
export function acceptsIdempotencyKey(procedure: ProcedureLike): boolean {
  return procedure._def.inputs.some((schema) => {
    const shape = (schema as { shape?: Record<string, unknown> } | null)?.shape;
    return typeof shape === "object" && shape !== null && "idempotencyKey" in shape;
  });
}

/** Every mutation of `router` whose input takes `idempotencyKey`, by path, sorted. */
export function idempotentMutationPaths(router: AnyRouter): string[] {
  const procedures = router._def.procedures as Record<string, ProcedureLike>;
  return Object.entries(procedures)
    .filter(([, procedure]) => procedure._def.type === "mutation" && acceptsIdempotencyKey(procedure))
    .map(([path]) => path)
    .sort();
}

let keyedPaths: ReadonlySet<string> = new Set();

/** Makes the `Idempotency-Key` header count on `router`'s idempotent mutations (called once, by root.ts). */
export function honourIdempotencyHeaderOn(router: AnyRouter): void {
  keyedPaths = new Set(idempotentMutationPaths(router));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * The raw input of a call with the `Idempotency-Key` header's key in `idempotencyKey`, for a
 * mutation that takes one (so REST and plain HTTP callers get what the input field gives). The
 * input's own key wins only when it is the same; a different one is refused. Other procedures
 * ignore the header: their input is returned as it came.
 */
export function inputWithHeaderKey(path: string, raw: unknown, header: string | null): unknown {
  if (header === null || !keyedPaths.has(path)) return raw;
  const input = raw === undefined ? {} : raw;
  if (!isPlainObject(input)) return raw;
  if (input.idempotencyKey === undefined) return { ...input, idempotencyKey: header };
  if (input.idempotencyKey !== header) {
    throw new DomainError(
      "BAD_REQUEST",
      "The Idempotency-Key header and idempotencyKey differ: send one, or both the same",
      {
        fieldErrors: { idempotencyKey: ["differs from the Idempotency-Key header"] },
      },
    );
  }
  return raw;
}
