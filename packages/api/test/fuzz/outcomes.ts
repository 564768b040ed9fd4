import { TRPCError } from "@trpc/server";
import { findDatabaseError } from "../../src/database-errors.js";
import { wireProblemOf } from "./wire.js";

/**
 * What one call of a procedure ended in, and whether that breaks the contract: a caller may be
 * refused with any tRPC code but INTERNAL_SERVER_ERROR, nothing but a TRPCError may escape, and
 * an answer must reach a client intact.
 */
export type Outcome =
  | { kind: "answered"; answer: unknown }
  | { kind: "refused"; code: string }
  | { kind: "internal"; error: TRPCError }
  | { kind: "thrown"; error: unknown }
  | { kind: "timeout"; ms: number };

type Procedure = (input: unknown) => Promise<unknown>;

/** The procedure at `path` of a caller (`a.b.c` walks nested routers). */
export function procedureAt(caller: unknown, path: string): Procedure {
  let target: unknown = caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  return target as Procedure;
}

/** Calls the procedure, giving up after `timeoutMs` (the call is then left to finish on its own). */
export async function outcomeOf(call: () => Promise<unknown>, timeoutMs: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "timeout", ms: timeoutMs }), timeoutMs);
  });
  const run = (async (): Promise<Outcome> => {
    try {
      return { kind: "answered", answer: await call() };
    } catch (error) {
      if (!(error instanceof TRPCError)) return { kind: "thrown", error };
      if (error.code === "INTERNAL_SERVER_ERROR") return { kind: "internal", error };
      return { kind: "refused", code: error.code };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The innermost cause's message, after its class unless `bare` (a driver's class names say nothing). */
function rootCauseOf(error: unknown, bare = false): string {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error && current.cause instanceof Error; depth++) {
    current = current.cause;
  }
  if (!(current instanceof Error)) return String(current);
  const line = current.message.split("\n")[0] ?? "";
  const message = line.length > 160 ? `${line.slice(0, 160)}…` : line;
  return bare ? message : `${current.constructor.name}: ${message}`;
}

/** A one-line description of an outcome that breaks the contract; null for one that keeps it. */
export function problemOf(outcome: Outcome): string | null {
  switch (outcome.kind) {
    case "answered":
      return wireProblemOf(outcome.answer);
    case "refused":
      return null;
    case "timeout":
      return `no answer within ${outcome.ms} ms`;
    case "internal": {
      const state = findDatabaseError(outcome.error)?.code ?? null;
      return `INTERNAL_SERVER_ERROR${state ? ` (SQLSTATE ${state})` : ""}: ${rootCauseOf(outcome.error, state !== null)}`;
    }
    case "thrown":
      return `threw a non-tRPC error: ${rootCauseOf(outcome.error)}`;
  }
}
