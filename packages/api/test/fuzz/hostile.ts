import fc from "fast-check";

/**
 * Values a client can send that no schema expects. Everything here can arrive over HTTP: plain
 * JSON, or what the superjson transformer revives (Date, BigInt, Map, Set, undefined, RegExp).
 */

/** An object whose `key` is an own, enumerable property, as `JSON.parse` makes `__proto__`. */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

function nestedArrays(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

function nestedObjects(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const KB100 = 100_000;

/** Strings with control characters, odd Unicode, injection-looking text and sizes far past any limit. */
export const hostileStrings: readonly string[] = [
  "a\u0001b",
  "\u0002",
  "\u0007",
  "\u001b[31m",
  "line\r\nInjected-Header: x",
  "\u0008\u007f",
  "\ud800",
  "a\udfffb",
  "\u202egnp.exe",
  "\u200b",
  "\ufeff",
  "😀",
  "e\u0301",
  "",
  " ",
  "   \t\n",
  "'; drop table users; --",
  "%_\\",
  "{{first_name}}{{",
  "{a|{b|c}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder is the hostile value here
  "${7*7}",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "99999999999999999999999999999",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "2026-13-45T25:61:61Z",
  "+275760-09-13T00:00:00.000Z",
  "x".repeat(KB100),
  "中".repeat(KB100 / 3),
  "😀".repeat(KB100 / 4),
  "a\u0003".repeat(KB100 / 2),
];

export const hostileNumbers: readonly number[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  -1,
  1.5,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
  1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 63,
];

/** Objects meant to pollute prototypes or confuse key handling, with the keys as own properties. */
export function pollutingObjects(): Record<string, unknown>[] {
  return [
    JSON.parse('{"__proto__": {"polluted": true}}'),
    JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
    JSON.parse('{"__proto__": null, "a": 1}'),
    withOwnKey({}, "__proto__", []),
    { toString: "x", valueOf: 1, hasOwnProperty: null },
    { "": "", " ": " ", "a.b": 1, "a[0]": 1, $where: "1", "\u0001": 1 },
  ];
}

/** Dates JavaScript allows and PostgreSQL may not: invalid, the extremes of the range, year 0. */
export const hostileDates: readonly Date[] = [new Date(Number.NaN), new Date("0000-01-01T00:00:00Z"), new Date(0)];

function otherValues(): unknown[] {
  return [
    null,
    undefined,
    true,
    false,
    {},
    [],
    [null],
    [undefined],
    [1, "a", null, {}],
    Array.from({ length: 10_001 }, (_, i) => i),
    nestedArrays(1_000),
    nestedObjects(1_000),
    nestedArrays(20_000),
    ...hostileDates,
    10n,
    2n ** 70n,
    -1n,
    new Map([["a", 1]]),
    new Set([1, 1]),
    /.*/,
  ];
}

/** A short string with one control character (C0, DEL or C1) inside. */
export const controlInside: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 127, max: 159 })),
    fc.string({ maxLength: 8 }),
  )
  .map(([before, code, after]) => `${before}${String.fromCharCode(code)}${after}`);

/** What `spoil` splices into a valid string: a hostile string, or a control character with text around it. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: controlInside },
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what is replaced.
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }).map((x) => x.replace(/\u0000/g, ".")) },
);

/** One hostile value of any type. */
export function hostileValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: hostileText },
    { weight: 2, arbitrary: fc.constantFrom(...hostileNumbers) },
    { weight: 1, arbitrary: fc.constantFrom(...pollutingObjects()) },
    { weight: 2, arbitrary: fc.constantFrom(...otherValues()) },
  );
}

/** Keys added to an input that should not have them. */
export const extraKeys: readonly string[] = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "extra",
  "",
  "tenantId",
];
