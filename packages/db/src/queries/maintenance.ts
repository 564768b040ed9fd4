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
