import type { Database } from "@outbound/db";
import { getApiKey, insertApiKey, revokeApiKey } from "@outbound/db/queries/api-keys";
import { notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { requireFeature } from "../quotas/limits.js";
import { generateApiKey } from "./tokens.js";

export interface CreateApiKeyArgs {
  tenantId: string;
  createdByUserId: string | null;
  name: string;
  scope: "read" | "write";
  expiresAt?: Date | undefined;
}

/**
 * Creates a key and returns its secret once. The secret is never stored, not even in the
 * idempotency record: a replay of the same idempotency key returns the first key's fields with
 * `key: null` (the secret can't be shown again; revoke that key and create another if it was lost).
 */
export async function createApiKey(once: Once, args: CreateApiKeyArgs) {
  const { tenantId, createdByUserId, ...request } = args;
  const secret = generateApiKey();
  let createdNow = false;
  const row = await once(async (tx) => {
    await requireFeature(tx, tenantId, "api_access");
    const inserted = await insertApiKey(tx, {
      tenantId,
      name: request.name,
      prefix: secret.prefix,
      keyHash: secret.keyHash,
      scope: request.scope,
      createdByUserId,
      expires: request.expiresAt ?? null,
    });
    createdNow = true;
    return inserted;
  });
  return { ...row, key: createdNow ? secret.key : null };
}

/**
 * Revoked keys stop authenticating at once (principal resolution checks `revoked` on every call).
 * Revoking is idempotent: a key revoked before keeps its first revocation time.
 */
export async function revokeApiKeyById(db: Database, args: { tenantId: string; id: string }, now = new Date()) {
  const revoked = await revokeApiKey(db, { ...args, now });
  if (revoked) return revoked;
  const existing = await getApiKey(db, args);
  if (!existing) throw notFound("API key");
  return existing;
}
