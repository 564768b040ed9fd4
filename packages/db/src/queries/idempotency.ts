import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../client.js";
import { idempotencyKeys } from "../schema/index.js";

/** Claims `key` for this tenant; false when a live claim exists already. Expired claims are replaced. */
export async function claimIdempotencyKey(
  db: Database,
  args: { tenantId: string; key: string; path: string; requestHash: string; expires: Date; now: Date },
): Promise<boolean> {
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.tenantId, args.tenantId),
        eq(idempotencyKeys.key, args.key),
        lt(idempotencyKeys.expires, args.now),
      ),
    );
  const rows = await db
    .insert(idempotencyKeys)
    .values({
      tenantId: args.tenantId,
      key: args.key,
      path: args.path,
      requestHash: args.requestHash,
      expires: args.expires,
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}

export async function findIdempotencyKey(db: Database, args: { tenantId: string; key: string }) {
  const rows = await db
    .select({
      path: idempotencyKeys.path,
      requestHash: idempotencyKeys.requestHash,
      response: idempotencyKeys.response,
    })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, args.tenantId), eq(idempotencyKeys.key, args.key)))
    .limit(1);
  return rows[0] ?? null;
}

export async function storeIdempotentResponse(
  db: Database,
  args: { tenantId: string; key: string; response: unknown },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ response: args.response })
    .where(and(eq(idempotencyKeys.tenantId, args.tenantId), eq(idempotencyKeys.key, args.key)));
}
