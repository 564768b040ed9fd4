/** What PostgreSQL (postgres.js and PGlite alike) says about a failed statement, without the statement. */
export interface DatabaseErrorFacts {
  /** SQLSTATE, e.g. 23505. */
  code: string;
  detail?: string | undefined;
  constraint?: string | undefined;
  table?: string | undefined;
  column?: string | undefined;
}

/**
 * The database error inside `error`: drivers put the SQLSTATE in `code`, Drizzle wraps them in a
 * query error whose message quotes the statement and its parameters, so walk the causes.
 */
export function findDatabaseError(error: unknown): DatabaseErrorFacts | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const raw = current as {
      code?: unknown;
      detail?: unknown;
      constraint_name?: unknown;
      constraint?: unknown;
      table_name?: unknown;
      table?: unknown;
      column_name?: unknown;
      column?: unknown;
    };
    if (typeof raw.code === "string" && /^[0-9A-Z]{5}$/.test(raw.code)) {
      const text = (value: unknown) => (typeof value === "string" ? value : undefined);
      return {
        code: raw.code,
        detail: text(raw.detail),
        constraint: text(raw.constraint_name) ?? text(raw.constraint),
        table: text(raw.table_name) ?? text(raw.table),
        column: text(raw.column_name) ?? text(raw.column),
      };
    }
    current = current.cause;
  }
  return null;
}

/** True when `error` (or a cause of it) is a unique violation of `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const found = findDatabaseError(error);
  return found?.code === "23505" && found.constraint === constraint;
}
