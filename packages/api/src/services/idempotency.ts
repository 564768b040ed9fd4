import { createHash } from "node:crypto";
import type { Database } from "@outbound/db";
import { claimIdempotencyKey, findIdempotencyKey, storeIdempotentResponse } from "@outbound/db/queries/idempotency";
import superjson, { type SuperJSONResult } from "superjson";
import { conflict } from "../errors.js";

/** How long a key's first result is replayed; the contract promises at least 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface IdempotentCall<T> {
  db: Database;
  tenantId: string;
  /** Procedure path; the same key on another procedure is a conflict. */
  path: string;
  key: string | undefined;
  /** The input without the key, to refuse a key reused for a different request. */
  input: unknown;
  run: (db: Database) => Promise<T>;
}

/**
 * Runs `run` once per (tenant, key): the claim, the effect and the stored result commit
 * together, so a retry either replays the first result or, if the first attempt failed, runs again.
 */
export async function runIdempotent<T>(call: IdempotentCall<T>): Promise<T> {
  const { key } = call;
  if (!key) return call.run(call.db);
  const requestHash = createHash("sha256")
    .update(JSON.stringify(superjson.serialize(call.input)))
    .digest("hex");
  return call.db.transaction(async (tx) => {
    const now = new Date();
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
