import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { apiKeys, tenants } from "../schema/index.js";

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
