import { and, desc, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { apiKeys, tenants } from "../schema/index.js";
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

export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  scope: string;
  expires: Date | null;
  revoked: Date | null;
  lastUsed: Date | null;
  tenantDeleted: Date | null;
  tenantSuspended: Date | null;
  tenantSuspendedReason: string | null;
}

/** The key with this hash and the state of its tenant, or null. */
export async function findApiKeyByHash(db: Database, keyHash: string): Promise<ApiKeyRecord | null> {
  const rows = await db
    .select({
      id: apiKeys.id,
      tenantId: apiKeys.tenantId,
      scope: apiKeys.scope,
      expires: apiKeys.expires,
      revoked: apiKeys.revoked,
      lastUsed: apiKeys.lastUsed,
      tenantDeleted: tenants.deleted,
      tenantSuspended: tenants.suspended,
      tenantSuspendedReason: tenants.suspendedReason,
    })
    .from(apiKeys)
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  return rows[0] ?? null;
}

/** Records use of a key at most once a minute, so hot keys don't write on every request. */
export async function touchApiKey(db: Database, args: { tenantId: string; id: string; now: Date }): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsed: args.now, updated: sql`${apiKeys.updated}` })
    .where(
      and(
        eq(apiKeys.tenantId, args.tenantId),
        eq(apiKeys.id, args.id),
        or(isNull(apiKeys.lastUsed), lt(apiKeys.lastUsed, new Date(args.now.getTime() - 60_000))),
      ),
    );
}

export interface NewApiKey {
  tenantId: string;
  name: string;
  prefix: string;
  keyHash: string;
  scope: "read" | "write";
  createdByUserId?: string | null;
  expires?: Date | null;
}

export async function insertApiKey(db: Database, key: NewApiKey) {
  const [row] = await db.insert(apiKeys).values(key).returning({
    id: apiKeys.id,
    name: apiKeys.name,
    prefix: apiKeys.prefix,
    scope: apiKeys.scope,
    expires: apiKeys.expires,
    created: apiKeys.created,
  });
  if (!row) throw new Error("insert returned no row");
  return row;
}
