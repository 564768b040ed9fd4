import { type Database, schema } from "@outbound/db";
import { type Column, eq, getTableColumns, getTableName } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";

const tenantTables: { table: PgTable; tenantId: Column }[] = Object.values(schema).flatMap((value: unknown) => {
  if (!(value instanceof PgTable)) return [];
  const tenantId = getTableColumns(value).tenantId;
  return tenantId ? [{ table: value, tenantId }] : [];
});

/** Every row tenant `tenantId` owns, table by table: equal snapshots mean nothing of it changed. */
export async function snapshotTenant(db: Database, tenantId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const { table, tenantId: column } of tenantTables) {
    out[getTableName(table)] = await db.select().from(table).where(eq(column, tenantId));
  }
  return out;
}
