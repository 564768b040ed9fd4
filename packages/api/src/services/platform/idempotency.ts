import { createHash } from "node:crypto";
import type { Database } from "@outbound/db";
import { claimIdempotencyKey, findIdempotencyKey, storeIdempotentResponse } from "@outbound/db/queries/idempotency";
import superjson, { type SuperJSONResult } from "superjson";
import { conflict } from "../../errors.js";

/** How long a key's first result is replayed; the contract promises at least 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * What an idempotent procedure hands its service (`ctx.once`, from the `idempotent` middleware in
 * trpc.ts): runs `run` in one transaction, once per (tenant, key) when the call carried a key, and
 * answers a retry with the first result. `request` replaces the input the key is checked against,
 * for inputs with parts that must not be stored even hashed (passwords).
 */
export type Once = <T>(run: (tx: Database) => Promise<T>, options?: { request?: unknown }) => Promise<T>;

interface IdempotentCall<T> {
  db: Database;
  tenantId: string;
  /** Procedure path; the same key on another procedure is a conflict. */
  path: string;
  key: string | undefined;
  /** The input without the key, to refuse a key reused for a different request. */
  input: unknown;
  /** The injected clock's now: when the key was first used, and so when it expires. */
  now: Date;
  run: (db: Database) => Promise<T>;
}

/**
 * Runs `run` in a transaction, once per (tenant, key): the claim, the effect and the stored
 * result commit together, so a retry either replays the first result or, if the first attempt
 * failed, runs again. Without a key it simply runs in a transaction.
 */
export async function runIdempotent<T>(call: IdempotentCall<T>): Promise<T> {
  const { key, now } = call;
  if (!key) return call.db.transaction((tx) => call.run(tx));
  const requestHash = createHash("sha256")
    .update(JSON.stringify(superjson.serialize(call.input)))
    .digest("hex");
  return call.db.transaction(async (tx) => {
    const claimed = await claimIdempotencyKey(tx, {
      tenantId: call.tenantId,
      key,
      path: call.path,
      requestHash,
      now,
      expires: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
    });
    if (!claimed) {
      const existing = await findIdempotencyKey(tx, { tenantId: call.tenantId, key });
      if (!existing || existing.path !== call.path || existing.requestHash !== requestHash) {
        throw conflict("This idempotency key was already used for a different request");
      }
      return superjson.deserialize<T>(existing.response as SuperJSONResult);
    }
    const result = await call.run(tx);
    await storeIdempotentResponse(tx, { tenantId: call.tenantId, key, response: superjson.serialize(result) });
    return result;
  });
}
