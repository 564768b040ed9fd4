import type { Database } from "@outbound/db";
import {
  endSuppressedEnrollments,
  insertSuppression,
  normalizeSuppressionValue,
} from "@outbound/db/queries/suppressions";
import type { SuppressionReason } from "@outbound/db/schema";
import type { Once } from "../platform/idempotency.js";

/**
 * Puts an address or `@domain` on the tenant's do-not-contact list and, in the same transaction,
 * ends every active or paused enrollment it matches. A value already on the list is not an
 * error: the existing row is returned (its reason stays) and matching open enrollments end all
 * the same. For `suppressions.add`, the engine (hard bounces) and the unsubscribe endpoint;
 * `db` may already be a transaction.
 */
export async function suppressAddress(
  db: Database,
  args: { tenantId: string; value: string; reason: SuppressionReason; now?: Date },
) {
  const { tenantId } = args;
  const value = normalizeSuppressionValue(args.value);
  const now = args.now ?? new Date();
  return db.transaction(async (tx) => {
    const { row, inserted } = await insertSuppression(tx, { tenantId, value, reason: args.reason });
    const enrollmentsEnded = await endSuppressedEnrollments(tx, { tenantId, value, reason: row.reason, now });
    return { ...row, alreadySuppressed: !inserted, enrollmentsEnded };
  });
}

export function addSuppression(
  once: Once,
  args: { tenantId: string; value: string; reason: SuppressionReason; now: Date },
) {
  return once((tx) => suppressAddress(tx, args));
}
