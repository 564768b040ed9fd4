import { and, desc, eq, ilike, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Database } from "../client.js";
import { campaignLeads, leads, type SuppressionReason, suppressions } from "../schema/index.js";
import { escapeLike } from "./leads.js";
import { toPage } from "./pagination.js";

/**
 * The one rule of suppression, for every statement that must honour it: an address is suppressed
 * when the tenant's list holds the address itself (lower-cased) or `@` and its domain.
 */
export function isSuppressed(tenantId: AnyPgColumn | SQL | string, email: AnyPgColumn | SQL): SQL {
  return sql`exists (select 1 from ${suppressions} s where s.tenant_id = ${tenantId} and s.value in (lower(${email}), '@' || split_part(lower(${email}), '@', 2)))`;
}

/** How a value is stored: trimmed and lower-cased (an address, or `@domain`). */
export const normalizeSuppressionValue = (value: string): string => value.trim().toLowerCase();

/** The same rule as `isSuppressed`, for one stored `value`: the address itself, or `@` and its domain. */
export function matchesSuppressionValue(value: string, email: AnyPgColumn | SQL): SQL {
  return sql`${value} in (lower(${email}), '@' || split_part(lower(${email}), '@', 2))`;
}

const suppressionColumns = {
  id: suppressions.id,
  value: suppressions.value,
  reason: suppressions.reason,
  created: suppressions.created,
};

/** Newest first, keyset by id; `search` is a case-insensitive substring of the value. */
export async function listSuppressions(
  db: Database,
  args: { tenantId: string; limit: number; cursor?: string | undefined; search?: string | undefined },
) {
  const conditions: SQL[] = [eq(suppressions.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(suppressions.id, args.cursor));
  if (args.search) conditions.push(ilike(suppressions.value, `%${escapeLike(args.search.toLowerCase())}%`));
  const rows = await db
    .select(suppressionColumns)
    .from(suppressions)
    .where(and(...conditions))
    .orderBy(desc(suppressions.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

/** Inserts `value` (normalized) unless the tenant already has it; `inserted` says which happened. */
export async function insertSuppression(
  db: Database,
  args: { tenantId: string; value: string; reason: SuppressionReason },
) {
  const [row] = await db
    .insert(suppressions)
    .values(args)
    .onConflictDoNothing({ target: [suppressions.tenantId, suppressions.value] })
    .returning(suppressionColumns);
  if (row) return { row, inserted: true };
  const [existing] = await db
    .select(suppressionColumns)
    .from(suppressions)
    .where(and(eq(suppressions.tenantId, args.tenantId), eq(suppressions.value, args.value)));
  if (!existing) throw new Error("suppression vanished between insert and read");
  return { row: existing, inserted: false };
}

export async function deleteSuppression(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .delete(suppressions)
    .where(and(eq(suppressions.tenantId, args.tenantId), eq(suppressions.id, args.id)))
    .returning(suppressionColumns);
  return rows[0] ?? null;
}

/**
 * Ends every active or paused enrollment of the tenant whose lead matches `value`: `unsubscribed`
 * or `bounced` for those reasons, else `finished`; `finished_reason` says which suppression.
 */
export async function endSuppressedEnrollments(
  db: Database,
  args: { tenantId: string; value: string; reason: SuppressionReason; now: Date },
): Promise<number> {
  const status = args.reason === "unsubscribed" || args.reason === "bounced" ? args.reason : "finished";
  const rows = await db
    .update(campaignLeads)
    .set({
      status,
      finishedReason: `suppressed: ${args.reason}`,
      nextActionAt: null,
      finished: args.now,
      updated: args.now,
    })
    .where(
      and(
        eq(campaignLeads.tenantId, args.tenantId),
        inArray(campaignLeads.status, ["active", "paused"]),
        inArray(
          campaignLeads.leadId,
          db
            .select({ id: leads.id })
            .from(leads)
            .where(and(eq(leads.tenantId, args.tenantId), matchesSuppressionValue(args.value, leads.email))),
        ),
      ),
    )
    .returning({ id: campaignLeads.id });
  return rows.length;
}
