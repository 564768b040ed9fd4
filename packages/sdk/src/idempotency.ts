import type { AppRouter } from "@outbound/api";
import type { Operation } from "@trpc/client";
import type { AnyProcedure, inferProcedureInput } from "@trpc/server";
import { IDEMPOTENT_MUTATIONS } from "./idempotent-mutations.js";

type IdempotentPaths<TRecord, TPrefix extends string = ""> = {
  [K in keyof TRecord & string]: TRecord[K] extends AnyProcedure
    ? TRecord[K]["_def"]["type"] extends "mutation"
      ? "idempotencyKey" extends keyof NonNullable<inferProcedureInput<TRecord[K]>>
        ? `${TPrefix}${K}`
        : never
      : never
    : TRecord[K] extends object
      ? IdempotentPaths<TRecord[K], `${TPrefix}${K}.`>
      : never;
}[keyof TRecord & string];

/**
 * Every mutation whose input takes `idempotencyKey`, computed from the router's types; the
 * generated `IDEMPOTENT_MUTATIONS` must name only these.
 */
export type IdempotentMutationPath = IdempotentPaths<AppRouter["_def"]["record"]>;

const idempotentPaths: ReadonlySet<string> = new Set(IDEMPOTENT_MUTATIONS);

interface WebCrypto {
  randomUUID?: () => string;
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

/**
 * A random UUID (v4). `crypto.randomUUID` exists in browsers, edge runtimes and Node 19+; Node 18
 * may lack the global `crypto`, so fall back to `getRandomValues`, then to `Math.random`: a key
 * only has to be unique within one tenant for a day, not secret.
 */
export function newIdempotencyKey(): string {
  const crypto = (globalThis as { crypto?: WebCrypto }).crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof crypto?.getRandomValues === "function") crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The idempotency key a call's input carries, if any. */
export function idempotencyKeyOf(input: unknown): string | undefined {
  if (!isPlainObject(input)) return undefined;
  const key = input.idempotencyKey;
  return typeof key === "string" && key !== "" ? key : undefined;
}

/**
 * Gives a mutation that accepts one an idempotency key when the caller didn't set it. Done once
 * per call, before the first attempt, so every retry sends the same key and the server applies
 * the mutation at most once.
 */
export function withIdempotencyKey(op: Operation): Operation {
  if (op.type !== "mutation" || !idempotentPaths.has(op.path)) return op;
  if (!isPlainObject(op.input) || op.input.idempotencyKey !== undefined) return op;
  return { ...op, input: { ...op.input, idempotencyKey: newIdempotencyKey() } };
}

/** Queries change nothing; a mutation may be sent again only under an idempotency key. */
export function isSafeToRetry(op: Operation): boolean {
  if (op.type === "query") return true;
  return op.type === "mutation" && idempotencyKeyOf(op.input) !== undefined;
}
