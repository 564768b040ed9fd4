import { AsyncLocalStorage } from "node:async_hooks";
import { z } from "zod";

/**
 * trpc-to-openapi coerces query strings and JSON strings into numbers, booleans, bigints and
 * dates by setting `coerce = true` on the leaves of a procedure's input schema (`coerceSchema`,
 * on every REST call). Those schemas are the procedure's own, shared with /trpc: once a REST
 * call had happened, tRPC input coerced too (`limit: "10"` or `null` became a number, `"false"`
 * became `true`, a number became a Date), so its validation depended on the process's history.
 *
 * Here every coercible leaf of the REST procedures' inputs gets an accessor for `coerce`: the
 * adapter's `coerce = true` is recorded, and answers true only while a REST request is handled
 * (inside `withRestCoercion`). zod reads `def.coerce` at parse time, so /trpc parses strictly
 * whatever REST did before, and REST coerces exactly the leaves the adapter asked for.
 */
const restRequest = new AsyncLocalStorage<{ handling: boolean }>();

/**
 * Handles one REST request: until it is answered, the leaves trpc-to-openapi marked coerce.
 * Work the request started and left running (its async context lives on) sees `handling` false.
 */
export async function withRestCoercion<T>(handle: () => Promise<T>): Promise<T> {
  const request = { handling: true };
  try {
    return await restRequest.run(request, handle);
  } finally {
    request.handling = false;
  }
}

const COERCIBLE = new Set(["number", "boolean", "bigint", "date"]);
const scopedDefs = new WeakSet<object>();

interface ProcedureLike {
  _def: { inputs?: unknown; meta?: { openapi?: unknown } };
}

// A tRPC procedure is a function carrying its definition in `_def`.
const isProcedure = (value: unknown): value is ProcedureLike =>
  typeof value === "function" && "_def" in value && typeof value._def === "object" && value._def !== null;

/** Scopes the coercion of every REST procedure's input (idempotent: each leaf is done once). */
export function scopeRestCoercion(router: { _def: { procedures: object } }): void {
  const visited = new WeakSet<object>();
  for (const procedure of Object.values(router._def.procedures)) {
    if (!isProcedure(procedure) || !procedure._def.meta?.openapi) continue;
    const inputs = procedure._def.inputs;
    if (Array.isArray(inputs)) for (const input of inputs) visit(input, visited);
  }
}

/** Every schema below `schema`: object shapes, array elements, wrappers, unions, pipes, lazies. */
function visit(schema: unknown, visited: WeakSet<object>): void {
  if (!(schema instanceof z.core.$ZodType) || visited.has(schema)) return;
  visited.add(schema);
  const def = schema._zod.def;
  if (COERCIBLE.has(def.type)) {
    scopeCoercion(def);
    return;
  }
  if (schema instanceof z.core.$ZodLazy) visit(schema._zod.def.getter(), visited);
  for (const [key, value] of Object.entries(def)) {
    if (key === "checks") continue;
    const children = Array.isArray(value) ? value : key === "shape" && value ? Object.values(value) : [value];
    for (const child of children) visit(child, visited);
  }
}

function scopeCoercion(def: object): void {
  if (scopedDefs.has(def)) return;
  scopedDefs.add(def);
  // z.coerce.*() coerces everywhere, as written.
  const always = Reflect.get(def, "coerce") === true;
  let askedByRest = false;
  Object.defineProperty(def, "coerce", {
    configurable: true,
    enumerable: true,
    get: () => always || (askedByRest && restRequest.getStore()?.handling === true),
    set: (value: unknown) => {
      askedByRest = value === true;
    },
  });
}
