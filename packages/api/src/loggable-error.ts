import { findDatabaseError } from "./database-errors.js";
import { DomainError } from "./errors.js";

/** What a log line may say about an error: enough to find the bug, nothing a caller sent. */
export interface LoggableError {
  type: string;
  /** SQLSTATE of a database error, or the code of a domain or system error. */
  code?: string | undefined;
  constraint?: string | undefined;
  table?: string | undefined;
  column?: string | undefined;
  /** Only for errors whose message is about the code, never about data (see `MESSAGE_SAFE`). */
  message?: string | undefined;
  /** Stack frames without the message line. */
  stack?: string | undefined;
  cause?: LoggableError | undefined;
}

/**
 * Programming errors: their messages name code ("Cannot read properties of undefined (reading
 * 'id')"). Every other message may quote data: a driver's quotes the statement with its parameters
 * (addresses, names, config values), a parser's quotes its input, an HTTP client's the URL with its
 * query string.
 */
const MESSAGE_SAFE = new Set(["TypeError", "RangeError", "ReferenceError"]);

const framesOf = (stack: string | undefined) =>
  stack
    ?.split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");

/** The one rule for errors in log lines (server and engine): class, codes, constraint and frames, never messages with data. */
export function loggableError(error: unknown, depth = 0): LoggableError {
  if (!(error instanceof Error)) return { type: typeof error };
  const database = findDatabaseError(error);
  const own = error as { code?: unknown };
  const code =
    database?.code ?? (error instanceof DomainError ? error.code : typeof own.code === "string" ? own.code : undefined);
  return {
    type: error.name,
    code,
    constraint: database?.constraint,
    table: database?.table,
    column: database?.column,
    message: MESSAGE_SAFE.has(error.name) ? error.message : undefined,
    stack: framesOf(error.stack),
    cause: error.cause !== undefined && depth < 3 ? loggableError(error.cause, depth + 1) : undefined,
  };
}
