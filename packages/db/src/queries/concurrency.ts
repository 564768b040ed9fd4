import { type Column, type SQL, sql } from "drizzle-orm";

/**
 * Optimistic concurrency: true when `column` still holds `expected`. JavaScript dates carry
 * milliseconds while PostgreSQL keeps microseconds, so both sides compare at millisecond precision.
 */
export function unchangedSince(column: Column, expected: Date | undefined): SQL | undefined {
  if (!expected) return undefined;
  return sql`date_trunc('milliseconds', ${column}) = ${expected.toISOString()}::timestamptz`;
}
