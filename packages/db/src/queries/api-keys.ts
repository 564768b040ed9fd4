import { and, desc, eq, isNull, lt, type SQL } from "drizzle-orm";
import type { Database } from "../client.js";
import { apiKeys } from "../schema/index.js";
import { toPage } from "./pagination.js";

/** What a key looks like in lists: never its hash. */
export const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scope: apiKeys.scope,
  expires: apiKeys.expires,
  revoked: apiKeys.revoked,
  lastUsed: apiKeys.lastUsed,
  createdByUserId: apiKeys.createdByUserId,
  created: apiKeys.created,
};

/** Newest first, keyset by id; revoked and expired keys included, so the list is the tenant's full history. */
export async function listApiKeys(
  db: Database,
  args: { tenantId: string; limit: number; cursor?: string | undefined },
) {
  const conditions: SQL[] = [eq(apiKeys.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(apiKeys.id, args.cursor));
  const rows = await db
    .select(apiKeyColumns)
    .from(apiKeys)
    .where(and(...conditions))
    .orderBy(desc(apiKeys.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getApiKey(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select(apiKeyColumns)
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, args.tenantId), eq(apiKeys.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}

/** Marks the key revoked unless it already is; null when nothing changed (missing or already revoked). */
export async function revokeApiKey(db: Database, args: { tenantId: string; id: string; now: Date }) {
  const rows = await db
    .update(apiKeys)
    .set({ revoked: args.now })
    .where(and(eq(apiKeys.tenantId, args.tenantId), eq(apiKeys.id, args.id), isNull(apiKeys.revoked)))
    .returning(apiKeyColumns);
  return rows[0] ?? null;
}
