import { type Database, schema } from "@outbound/db";
import { type Column, eq, getTableColumns, getTableName } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";

const tenantTables: { table: PgTable; tenantId: Column }[] = Object.values(schema).flatMap((value: unknown) => {
  if (!(value instanceof PgTable)) return [];
  const tenantId = getTableColumns(value).tenantId;
  return tenantId ? [{ table: value, tenantId }] : [];
});

/**
 * Every row tenant `tenantId` owns, table by table: equal snapshots mean nothing of it changed.
 * Rows are sorted by their content: without ORDER BY, PostgreSQL returns rows in physical order,
 * which a rolled-back update of a row can change although no value did.
 */
export async function snapshotTenant(db: Database, tenantId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const { table, tenantId: column } of tenantTables) {
    const rows = await db.select().from(table).where(eq(column, tenantId));
    out[getTableName(table)] = rows
      .map((row) => ({ row, key: JSON.stringify(row) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ row }) => row);
  }
  return out;
}
