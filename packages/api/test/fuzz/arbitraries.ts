import fc from "fast-check";
import { z } from "zod";

/**
 * Inputs of the shape a procedure's zod schema accepts, generated from its JSON Schema
 * (`z.toJSONSchema` with `io: "input"`: what the client sends, before transforms and defaults).
 * zod-fast-check only knows zod 3, hence this small converter. Shapes, not always valid values:
 * refinements and transforms are not visible here, so some inputs are refused, which is fine.
 */

/** The subset of JSON Schema that `z.toJSONSchema` writes for the router's inputs. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  default?: unknown;
}

/** JSON Schema has no dates; `z.date()` is written with this format so dates are generated as `Date`s. */
const DATE_FORMAT = "x-zod-date";

/** The JSON Schema of what a client may send to `schema`; anything JSON can't say becomes `{}` (any value). */
export function inputJsonSchema(schema: unknown): JsonSchema {
  return z.toJSONSchema(schema as z.ZodType, {
    io: "input",
    unrepresentable: (ctx) => (ctx.zodSchema._zod.def.type === "date" ? { format: DATE_FORMAT } : "any"),
  }) as JsonSchema;
}

/** Generated strings stay short: boundary lengths come from `boundaryStrings`, huge ones from the hostile values. */
const MAX_GENERATED_LENGTH = 40;
/** Arrays stay small: the item count limits (`maxItems`) are probed by hostile values instead. */
const MAX_GENERATED_ITEMS = 4;
/** Recursive schemas (`$ref`, e.g. JSON values) stop nesting at this depth. */
const MAX_DEPTH = 3;

function regexOf(pattern: string): RegExp | null {
  for (const flags of ["u", ""]) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try without the unicode flag, then give up
    }
  }
  return null;
}

/** Strings at the length limits, in ASCII and in 3- and 4-byte UTF-8: zod counts UTF-16 units, PostgreSQL bytes. */
function boundaryStrings(min: number, max: number | undefined): string[] {
  const out = [min > 0 ? "x".repeat(min) : ""];
  if (max !== undefined) out.push("x".repeat(max), "中".repeat(max), "😀".repeat(Math.floor(max / 2)));
  return out;
}

/** Hints from the property name where the schema says only "string" (an email is a `pipe`, shown as its input). */
function stringByName(key: string | undefined): fc.Arbitrary<string> | null {
  if (!key) return null;
  if (/email/i.test(key)) return fc.emailAddress();
  if (/domain|host/i.test(key)) return fc.domain();
  if (/url/i.test(key)) return fc.webUrl();
  return null;
}

function stringArbitrary(schema: JsonSchema, key: string | undefined): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength;
  const fits = (s: string) => s.length >= min && (max === undefined || s.length <= max);
  const shaped = (arb: fc.Arbitrary<string>) =>
    fc.oneof({ weight: 4, arbitrary: arb }, fc.constantFrom(...boundaryStrings(min, max)));
  switch (schema.format) {
    case "uuid":
      return fc.uuid();
    case "email":
      return fc.emailAddress();
    case "date-time":
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
    case "date":
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case "uri":
    case "url":
      return fc.webUrl();
    case "ipv4":
      return fc.ipV4();
    case "ipv6":
      return fc.ipV6();
  }
  const regex = schema.pattern ? regexOf(schema.pattern) : null;
  if (regex) {
    let matching: fc.Arbitrary<string>;
    try {
      matching = fc.stringMatching(regex);
    } catch {
      matching = fc.string({ maxLength: MAX_GENERATED_LENGTH }).filter((s) => regex.test(s));
    }
    return fc.oneof({ weight: 4, arbitrary: matching.filter(fits) }, fc.constantFrom(...boundaryStrings(min, max)));
  }
  const byName = stringByName(key);
  const free = fc.oneof(
    fc.string({
      minLength: min,
      maxLength: Math.max(min, Math.min(max ?? MAX_GENERATED_LENGTH, MAX_GENERATED_LENGTH)),
    }),
    fc.string({ unit: "grapheme", minLength: min, maxLength: Math.max(min, Math.min(max ?? 20, 20)) }).filter(fits),
  );
  return shaped(byName ? fc.oneof(byName.filter(fits), free) : free);
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lower = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 0) : schema.minimum;
  const upper = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 0) : schema.maximum;
  const edges = [lower, upper].filter((v): v is number => v !== undefined);
  const inner = integer
    ? fc.integer({
        min: Math.max(lower ?? -1_000_000, Number.MIN_SAFE_INTEGER),
        max: Math.min(upper ?? 1_000_000, Number.MAX_SAFE_INTEGER),
      })
    : fc.double({ min: lower ?? -1e6, max: upper ?? 1e6, noNaN: true, noDefaultInfinity: true });
  return edges.length > 0 ? fc.oneof({ weight: 3, arbitrary: inner }, fc.constantFrom(...edges)) : inner;
}

interface Walk {
  root: JsonSchema;
  depth: number;
  key?: string | undefined;
}

function resolveRef(ref: string, root: JsonSchema): JsonSchema {
  const name = ref.replace(/^#\/\$defs\//, "");
  return root.$defs?.[name] ?? {};
}

function objectArbitrary(schema: JsonSchema, walk: Walk): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) {
    model[key] = arbitraryOf(property, { ...walk, depth: walk.depth + 1, key });
  }
  const fixed = fc.record(model, {
    requiredKeys: (schema.required ?? []).filter((k) => k in properties),
    noNullPrototype: true,
  });
  const extra = schema.additionalProperties;
  if (typeof extra !== "object" || Object.keys(properties).length > 0) return fixed;
  // A record (`z.record`): keys from `propertyNames`, values from `additionalProperties`.
  const keys = schema.propertyNames ? stringArbitrary(schema.propertyNames, undefined) : fc.string({ maxLength: 20 });
  return fc.dictionary(keys, arbitraryOf(extra, { ...walk, depth: walk.depth + 1 }), {
    maxKeys: MAX_GENERATED_ITEMS,
    noNullPrototype: true,
  });
}

function arrayArbitrary(schema: JsonSchema, walk: Walk): fc.Arbitrary<unknown> {
  const next = { ...walk, depth: walk.depth + 1 };
  if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map((item) => arbitraryOf(item, next)));
  const min = schema.minItems ?? 0;
  const max = Math.max(min, Math.min(schema.maxItems ?? MAX_GENERATED_ITEMS, min + MAX_GENERATED_ITEMS));
  if (walk.depth >= MAX_DEPTH && min === 0) return fc.constant([]);
  return fc.array(arbitraryOf(schema.items ?? {}, next), { minLength: min, maxLength: max });
}

/** Any JSON-ish value, for `{}` (z.unknown, z.any and what JSON Schema can't say). */
const anyValue: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });

function arbitraryOf(schema: JsonSchema, walk: Walk): fc.Arbitrary<unknown> {
  if (schema.$ref) {
    const target = resolveRef(schema.$ref, walk.root);
    return walk.depth >= MAX_DEPTH ? fc.constant(null) : arbitraryOf(target, { ...walk, depth: walk.depth + 1 });
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices && choices.length > 0) return fc.oneof(...choices.map((choice) => arbitraryOf(choice, walk)));
  if (schema.allOf && schema.allOf.length > 0) {
    return fc
      .tuple(...schema.allOf.map((part) => arbitraryOf(part, walk)))
      .map((parts) => Object.assign({}, ...parts.filter((p) => typeof p === "object" && p !== null)));
  }
  if (schema.format === DATE_FORMAT) return fc.date({ min: new Date("1970-01-01"), max: new Date("2100-01-01") });
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => arbitraryOf({ ...schema, type }, walk)));
  switch (types[0]) {
    case "string":
      return stringArbitrary(schema, walk.key);
    case "integer":
      return numberArbitrary(schema, true);
    case "number":
      return numberArbitrary(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "object":
      return objectArbitrary(schema, walk);
    case "array":
      return arrayArbitrary(schema, walk);
    default:
      return anyValue;
  }
}

/** Values of the shape `schema` (a JSON Schema from `inputJsonSchema`) describes. */
export function arbitraryFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  return arbitraryOf(schema, { root: schema, depth: 0 });
}
