import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { type DatabaseErrorFacts, findDatabaseError } from "./database-errors.js";
import { DomainError, type ErrorDetails } from "./errors.js";

/** Errors a caller can cause at the database: never reported as internal errors. */
function fromDatabase(pg: DatabaseErrorFacts, cause: unknown): TRPCError | null {
  switch (pg.code) {
    case "23505":
      return new TRPCError({ code: "CONFLICT", message: "A record with these values already exists", cause });
    case "23503":
      return pg.detail?.includes("still referenced")
        ? new TRPCError({ code: "CONFLICT", message: "The record is still referenced by other records", cause })
        : new TRPCError({ code: "NOT_FOUND", message: "A referenced record was not found", cause });
    case "22001":
    case "22003":
    case "22007":
    case "22008":
    case "22P02":
    case "22021": // a character the database encoding can't hold (NUL): the input guard refuses it first
    case "22P05": // an untranslatable character
    case "23502":
    case "23514":
      return new TRPCError({ code: "BAD_REQUEST", message: "Invalid value", cause });
    case "40001":
    case "40P01":
      return new TRPCError({ code: "CONFLICT", message: "Concurrent update, retry the request", cause });
    default:
      return null;
  }
}

/** Turns what a procedure threw into the tRPC error the contract promises; unknown errors stay internal. */
export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof DomainError) {
    return new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    const pg = findDatabaseError(cause);
    if (pg) return fromDatabase(pg, cause) ?? error;
  }
  return error;
}

/** The `data` every error response carries; the SDK builds its error classes from it. */
export interface ErrorData {
  code: string;
  httpStatus: number;
  path?: string | undefined;
  requestId?: string | undefined;
  fieldErrors?: Record<string, string[]> | undefined;
  details?: ErrorDetails | undefined;
}

export function fieldErrorsOf(error: TRPCError): Record<string, string[]> | undefined {
  const cause = error.cause;
  if (cause instanceof z.ZodError) {
    const out: Record<string, string[]> = {};
    for (const issue of cause.issues) {
      const key = issue.path.map(String).join(".") || "(input)";
      const list = out[key] ?? [];
      list.push(issue.message);
      out[key] = list;
    }
    return out;
  }
  if (cause instanceof DomainError) return cause.details.fieldErrors;
  return undefined;
}

export function detailsOf(error: TRPCError): ErrorDetails | undefined {
  const cause = error.cause;
  if (!(cause instanceof DomainError)) return undefined;
  const { fieldErrors: _fieldErrors, ...rest } = cause.details;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
