import superjson, { type SuperJSONResult } from "superjson";

type Meta = Record<string, ["Date"] | ["undefined"]>;

/** Thrown inside the fast walk when a value needs superjson's general handling. */
const NOT_PLAIN = Symbol("not plain");

function escapeSegment(key: string): string {
  return key.replace(/\\/g, "\\\\").replace(/\./g, "\\.");
}

function walk(value: unknown, path: string[], meta: Meta): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      throw NOT_PLAIN;
    case "undefined":
      meta[path.join(".")] = ["undefined"];
      return null;
    case "object":
      break;
    default:
      throw NOT_PLAIN;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw NOT_PLAIN;
    meta[path.join(".")] = ["Date"];
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(String(i));
      out[i] = walk(value[i], path, meta);
      path.pop();
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    path.push(escapeSegment(key));
    out[key] = walk((value as Record<string, unknown>)[key], path, meta);
    path.pop();
  }
  return out;
}

/**
 * superjson's wire format, written by a single pass specialised for what procedures return
 * (plain objects, arrays, strings, finite numbers, booleans, null, undefined and Dates).
 * Anything else falls back to superjson itself. The client decodes either with superjson.
 * It does not record referential equalities: two references to one Date arrive as two equal
 * Dates, which no procedure output relies on.
 */
export function serializeOutput(value: unknown): SuperJSONResult {
  const meta: Meta = {};
  try {
    const json = walk(value, [], meta);
    if (value === undefined) return { json: null, meta: { values: ["undefined"], v: 1 } };
    if (value instanceof Date) return { json, meta: { values: ["Date"], v: 1 } } as SuperJSONResult;
    for (const _ in meta) return { json, meta: { values: meta, v: 1 } } as SuperJSONResult;
    return { json } as SuperJSONResult;
  } catch (error) {
    if (error === NOT_PLAIN) return superjson.serialize(value);
    throw error;
  }
}

/** Inputs are small and come from anyone: superjson decodes them; outputs take the fast path. */
export const transformer = {
  input: { serialize: superjson.serialize, deserialize: superjson.deserialize },
  output: { serialize: serializeOutput, deserialize: superjson.deserialize },
};
