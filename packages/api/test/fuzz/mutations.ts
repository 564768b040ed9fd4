import fc from "fast-check";
import { arbitraryFor, type JsonSchema } from "./arbitraries.js";
import {
  extraKeys,
  hostileDates,
  hostileNumbers,
  hostileText,
  hostileValue,
  pollutingObjects,
  withOwnKey,
} from "./hostile.js";

/**
 * What one fuzz call sends, decided by fast-check before the valid base input exists (the base
 * is built per call, with fresh rows): edits name fields by position, not by name. `pick`
 * chooses the field, `depth` how far down nested objects and arrays to go where the input nests.
 */
export type Edit =
  /** Keeps the field's type but makes its value hostile: text spliced into a string, an odd number or date. */
  | { op: "spoil"; pick: number; depth: number; text: string; at: number; number: number; date: Date; other: unknown }
  /** Replaces the field by any hostile value, of any type. */
  | { op: "replace"; pick: number; depth: number; value: unknown }
  /** Sets the field to an explicit `undefined`, or removes it. */
  | { op: "undefined" | "delete"; pick: number; depth: number }
  /** Adds a key the schema does not have, as an own property (as `JSON.parse` makes `__proto__`). */
  | { op: "extra"; pick: number; depth: number; key: string; value: unknown };

export type Plan =
  /** The valid base input of the procedure's security case, with a few edits. */
  | { kind: "base"; edits: Edit[] }
  /** The valid base input with every optional field left out (an update naming only its `id`). */
  | { kind: "bare"; keep: string[] }
  /** An input generated from the schema, maybe with edits. */
  | { kind: "generated"; value: unknown; edits: Edit[] }
  /** One hostile value as the whole input. */
  | { kind: "whole"; value: unknown };

const where = { pick: fc.nat(), depth: fc.nat({ max: 3 }) };

const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant("spoil" as const),
      ...where,
      text: hostileText,
      at: fc.nat(),
      number: fc.constantFrom(...hostileNumbers),
      date: fc.constantFrom(...hostileDates),
      other: hostileValue(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("replace" as const), ...where, value: hostileValue() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("undefined" as const, "delete" as const), ...where }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("extra" as const),
      ...where,
      key: fc.constantFrom(...extraKeys),
      value: hostileValue(),
    }),
  },
);

/** Plans for a procedure: mostly edited valid inputs, then generated shapes, then hostile wholes. */
export function planArbitrary(schema: JsonSchema | null): fc.Arbitrary<Plan> {
  const edits = (min: number) => fc.array(editArbitrary, { minLength: min, maxLength: 2 });
  const whole = fc.record({ kind: fc.constant("whole" as const), value: hostileValue() });
  if (!schema) return whole;
  const bare = fc.constant({ kind: "bare" as const, keep: schema.required ?? [] });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant("base" as const), edits: edits(1) }) },
    { weight: 1, arbitrary: bare },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant("generated" as const), value: arbitraryFor(schema), edits: edits(0) }),
    },
    { weight: 1, arbitrary: whole },
  );
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  if (Array.isArray(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A copy of plain objects and arrays (Dates and other values are shared, never edited in place). */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (!isContainer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) withOwnKey(out, key, copy(item));
  return out;
}

/** The value `edit` (a spoil) makes of `value`, of the same type where it can. */
function spoiled(value: unknown, edit: Extract<Edit, { op: "spoil" }>): unknown {
  if (typeof value === "string") {
    const at = edit.at % (value.length + 1);
    return `${value.slice(0, at)}${edit.text}${value.slice(at)}`;
  }
  if (typeof value === "number") return edit.number;
  if (value instanceof Date) return edit.date;
  if (Array.isArray(value)) {
    const variants = [[], [...value, ...value], [...value, edit.other], Array.from({ length: 10_001 }, () => value[0])];
    return variants[edit.at % variants.length];
  }
  if (isContainer(value)) {
    const polluting = pollutingObjects();
    return edit.at % 2 === 0 ? {} : { ...value, ...polluting[edit.at % polluting.length] };
  }
  return edit.other;
}

function applyEdit(root: unknown, edit: Edit): unknown {
  if (!isContainer(root)) {
    if (edit.op === "spoil") return spoiled(root, edit);
    return edit.op === "replace" ? edit.value : root;
  }
  let container: Container = root;
  let pick = edit.pick;
  for (let level = 0; ; level++) {
    const keys = Object.keys(container);
    const key = keys[pick % Math.max(keys.length, 1)];
    const child = key === undefined ? undefined : (container as Record<string, unknown>)[key];
    if (level < edit.depth && key !== undefined && isContainer(child) && Object.keys(child).length > 0) {
      container = child;
      pick = Math.floor(pick / 7) + level;
      continue;
    }
    const target = container as Record<string, unknown>;
    if (edit.op === "extra") withOwnKey(target, edit.key, edit.value);
    else if (key === undefined) return root;
    else if (edit.op === "spoil") withOwnKey(target, key, spoiled(child, edit));
    else if (edit.op === "replace") withOwnKey(target, key, edit.value);
    else if (edit.op === "undefined") target[key] = undefined;
    else if (Array.isArray(target)) target.splice(Number(key), 1);
    else delete target[key];
    return root;
  }
}

/** The input a plan stands for, given the procedure's valid base input (undefined without one). */
export function inputOf(plan: Plan, base: unknown): unknown {
  if (plan.kind === "whole") return plan.value;
  if (plan.kind === "bare") {
    if (!isContainer(base) || Array.isArray(base)) return base;
    return Object.fromEntries(Object.entries(base).filter(([key]) => plan.keep.includes(key)));
  }
  const start = plan.kind === "base" ? (base === undefined ? {} : copy(base)) : copy(plan.value);
  return plan.edits.reduce(applyEdit, start);
}
