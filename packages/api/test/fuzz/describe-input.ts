/**
 * A short, one-line, JSON-like rendering of an input for the failure report: control characters
 * escaped, long strings and deep nesting cut, and the values JSON can't show (undefined, NaN,
 * Infinity, -0, BigInt, invalid dates, Map, Set) named.
 */

const MAX_STRING = 40;
const MAX_ITEMS = 6;
const MAX_DEPTH = 4;
const MAX_TOTAL = 300;

/** Characters worth seeing escaped: C0 and C1 controls, DEL, zero-width and bidi controls, lone surrogates. */
const SPECIAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

function describeString(value: string): string {
  if (value.length <= MAX_STRING) return `"${value.replace(/["\\]/g, "\\$&").replace(SPECIAL, escaped)}"`;
  // A cut string still names the special characters it holds past the cut, as those are often the cause.
  const special = [...new Set(value.match(SPECIAL) ?? [])].slice(0, 4).map(escaped).join("");
  const head = [...value].slice(0, MAX_STRING).join("").replace(/["\\]/g, "\\$&").replace(SPECIAL, escaped);
  return `"${head}…(${value.length} chars${special ? `, with ${special}` : ""})"`;
}

function describeValue(value: unknown, depth: number): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return describeString(value);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Date(Invalid)" : `Date(${value.toISOString()})`;
  if (value instanceof RegExp) return `RegExp(${value.source})`;
  if (value instanceof Map) return `Map(${value.size})`;
  if (value instanceof Set) return `Set(${value.size})`;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? "[…]" : "{…}";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => describeValue(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`…(${value.length} items)`);
    return `[${items.join(",")}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value);
    const shown = entries
      .slice(0, MAX_ITEMS * 2)
      .map(([key, item]) => `${describeString(key)}:${describeValue(item, depth + 1)}`);
    if (entries.length > MAX_ITEMS * 2) shown.push(`…(${entries.length} keys)`);
    return `{${shown.join(",")}}`;
  }
  return typeof value;
}

export function describeInput(value: unknown): string {
  const text = describeValue(value, 0);
  return text.length > MAX_TOTAL ? `${text.slice(0, MAX_TOTAL)}…` : text;
}
