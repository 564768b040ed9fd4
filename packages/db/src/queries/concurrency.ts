import { type Column, type SQL, sql } from "drizzle-orm";

/**
 * Optimistic concurrency: true when `column` still holds `expected`. JavaScript dates carry
 * milliseconds while PostgreSQL keeps microseconds, so both sides compare at millisecond precision.
 */
export function unchangedSince(column: Column, expected: Date | undefined): SQL | undefined {
  if (!expected) return undefined;
  return sql`date_trunc('milliseconds', ${column}) = ${expected.toISOString()}::timestamptz`;
}

/**
 * True when `patch` sets at least one column. An empty patch (no fields, or only explicit
 * `undefined`s) is a no-op that answers the row as it is; Drizzle refuses an empty SET.
 */
export function setsSomething(patch: Record<string, unknown>): boolean {
  for (const value of Object.values(patch)) if (value !== undefined) return true;
  return false;
}
