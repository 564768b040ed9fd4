import { sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { rowsOf } from "./raw-rows.js";

/**
 * Autovacuum's analyze rule (more than 50 rows + 10 % of the table changed since the last
 * ANALYZE), applied by hand where no autovacuum runs (the embedded database). Without fresh
 * statistics the planner keeps believing a table holds its first rows: after an import of
 * thousands of leads, a page of them was read by sorting all the tenant's leads (45 ms) instead
 * of walking the primary key (0.1 ms). Returns the tables analyzed.
 */
export async function analyzeChangedTables(db: Database): Promise<string[]> {
  const result = await db.execute(sql`
    select quote_ident(schemaname) || '.' || quote_ident(relname) as "table"
    from pg_stat_user_tables
    where n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0)
    order by relname`);
  const tables = rowsOf<{ table: string }>(result).map((row) => row.table);
  // Names come from the catalog, quoted by quote_ident.
  for (const table of tables) await db.execute(sql.raw(`analyze ${table}`));
  return tables;
}

/** How long rows that only serve deduplication or audit stay after they stop mattering. */
export const RETENTION = {
  /** Stripe retries an event for up to 3 days; ids are kept well past that so a late retry is still a duplicate. */
  webhookEventsMs: 30 * 24 * 3600_000,
  /** Ended sessions stay a week, so "signed out / expired" can still be told apart from "never existed". */
  endedSessionsMs: 7 * 24 * 3600_000,
} as const;

export interface PurgeReport {
  idempotencyKeys: number;
  webhookEvents: number;
  sessions: number;
}

/**
 * Deletes rows nothing reads any more: idempotency keys past `expires` (an expired key is
 * replaced on reuse anyway), webhook event ids past their retention, and sessions that expired
 * or were revoked more than a week ago. In batches of `batch` rows, so no statement holds locks long.
 */
export async function purgeExpiredRows(db: Database, now: Date, batch = 5_000): Promise<PurgeReport> {
  const eventsBefore = new Date(now.getTime() - RETENTION.webhookEventsMs).toISOString();
  const sessionsBefore = new Date(now.getTime() - RETENTION.endedSessionsMs).toISOString();
  const at = now.toISOString();
  const drain = async (statement: () => ReturnType<typeof sql>): Promise<number> => {
    let total = 0;
    for (;;) {
      const deleted = rowsOf<{ n: number }>(await db.execute(statement()))[0]?.n ?? 0;
      total += Number(deleted);
      if (Number(deleted) < batch) return total;
    }
  };
  return {
    idempotencyKeys: await drain(
      () => sql`with gone as (
        delete from idempotency_keys where ctid in (
          select ctid from idempotency_keys where expires < ${at}::timestamptz limit ${batch})
        returning 1)
      select count(*)::int as n from gone`,
    ),
    webhookEvents: await drain(
      () => sql`with gone as (
        delete from webhook_events where id in (
          select id from webhook_events where processed < ${eventsBefore}::timestamptz limit ${batch})
        returning 1)
      select count(*)::int as n from gone`,
    ),
    sessions: await drain(
      () => sql`with gone as (
        delete from sessions where id in (
          select id from sessions
          where expires < ${sessionsBefore}::timestamptz or revoked < ${sessionsBefore}::timestamptz
          limit ${batch})
        returning 1)
      select count(*)::int as n from gone`,
    ),
  };
}
