import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../src/client.js";

/**
 * What the migrated database actually holds in schema `public`, read from information_schema and
 * pg_catalog (never from the Drizzle schema, which is what is under test).
 */
export interface Catalog {
  /** table → column → type facts. */
  columns: Map<string, Map<string, CatalogColumn>>;
  /** table → primary key columns in key order. */
  primaryKeys: Map<string, string[]>;
  foreignKeys: CatalogForeignKey[];
  indexes: CatalogIndex[];
}

export interface CatalogColumn {
  dataType: string;
  /** `int4`, `timestamptz`, `_text` (array of text), … */
  udtName: string;
  maxLength: number | null;
  nullable: boolean;
}

export interface CatalogForeignKey {
  name: string;
  table: string;
  columns: string[];
  refTable: string;
  /** Pairs with `columns` position by position. */
  refColumns: string[];
}

export interface CatalogIndex {
  name: string;
  table: string;
  unique: boolean;
  /** Key columns or expressions, normalised: `tenant_id`, `lower(email)`. */
  keys: string[];
  /** Partial-index predicate, normalised, or null. */
  predicate: string | null;
}

// postgres.js returns the rows as an array, PGlite as `{ rows }`.
const executeResult = z.union([z.array(z.unknown()), z.object({ rows: z.array(z.unknown()) })]);

async function rows<T extends z.ZodType>(db: Database, query: SQL, row: T): Promise<z.infer<T>[]> {
  const result = executeResult.parse(await db.execute(query));
  return z.array(row).parse(Array.isArray(result) ? result : result.rows);
}

/** Drops casts, quotes and spaces so the two servers' spellings of one expression compare equal. */
export function normaliseExpression(expression: string): string {
  return expression
    .replace(/::[a-z ]+(\[\])?/g, "")
    .replace(/["\s]/g, "")
    .replace(/\(\((\w+)\)\)/g, "($1)");
}

const columnRow = z.object({
  table_name: z.string(),
  column_name: z.string(),
  data_type: z.string(),
  udt_name: z.string(),
  max_length: z.number().nullable(),
  nullable: z.boolean(),
});

const constraintRow = z.object({
  name: z.string(),
  kind: z.enum(["p", "f"]),
  table_name: z.string(),
  ref_table: z.string().nullable(),
  column_name: z.string(),
  ref_column: z.string().nullable(),
});

const indexRow = z.object({
  index_name: z.string(),
  table_name: z.string(),
  is_unique: z.boolean(),
  predicate: z.string().nullable(),
  key: z.string(),
});

export async function loadCatalog(db: Database): Promise<Catalog> {
  const columnRows = await rows(
    db,
    sql`select c.table_name::text, c.column_name::text, c.data_type::text, c.udt_name::text,
          c.character_maximum_length::int as max_length, c.is_nullable = 'YES' as nullable
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        order by c.table_name, c.ordinal_position`,
    columnRow,
  );
  // One row per constrained column, in constraint key order; FK rows carry the referenced column.
  const constraintRows = await rows(
    db,
    sql`select con.conname::text as name, con.contype::text as kind, rel.relname::text as table_name,
          ref.relname::text as ref_table, a.attname::text as column_name, ra.attname::text as ref_column
        from pg_constraint con
        join pg_class rel on rel.oid = con.conrelid
        join pg_namespace n on n.oid = rel.relnamespace
        left join pg_class ref on ref.oid = con.confrelid
        cross join lateral unnest(con.conkey) with ordinality as k(attnum, ord)
        join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
        left join pg_attribute ra on ra.attrelid = con.confrelid and ra.attnum = con.confkey[k.ord]
        where n.nspname = 'public' and con.contype in ('p', 'f')
        order by rel.relname, con.conname, k.ord`,
    constraintRow,
  );
  // Unique constraints are backed by unique indexes, so indexes alone answer every uniqueness question.
  const indexRows = await rows(
    db,
    sql`select i.relname::text as index_name, t.relname::text as table_name, x.indisunique as is_unique,
          pg_get_expr(x.indpred, x.indrelid, true) as predicate,
          pg_get_indexdef(x.indexrelid, k.ord, true) as key
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class t on t.oid = x.indrelid
        join pg_namespace n on n.oid = t.relnamespace
        cross join lateral generate_series(1, x.indnkeyatts::int) as k(ord)
        where n.nspname = 'public'
        order by t.relname, i.relname, k.ord`,
    indexRow,
  );

  const columns = new Map<string, Map<string, CatalogColumn>>();
  for (const r of columnRows) {
    const table = columns.get(r.table_name) ?? new Map<string, CatalogColumn>();
    table.set(r.column_name, {
      dataType: r.data_type,
      udtName: r.udt_name,
      maxLength: r.max_length,
      nullable: r.nullable,
    });
    columns.set(r.table_name, table);
  }

  const primaryKeys = new Map<string, string[]>();
  const foreignKeys = new Map<string, CatalogForeignKey>();
  for (const r of constraintRows) {
    if (r.kind === "p") {
      primaryKeys.set(r.table_name, [...(primaryKeys.get(r.table_name) ?? []), r.column_name]);
      continue;
    }
    const id = `${r.table_name}.${r.name}`;
    const fk = foreignKeys.get(id) ?? { name: r.name, table: r.table_name, columns: [], refTable: "", refColumns: [] };
    fk.refTable = r.ref_table ?? "";
    fk.columns.push(r.column_name);
    fk.refColumns.push(r.ref_column ?? "");
    foreignKeys.set(id, fk);
  }

  const indexes = new Map<string, CatalogIndex>();
  for (const r of indexRows) {
    const id = `${r.table_name}.${r.index_name}`;
    const index = indexes.get(id) ?? {
      name: r.index_name,
      table: r.table_name,
      unique: r.is_unique,
      keys: [],
      predicate: r.predicate === null ? null : normaliseExpression(r.predicate),
    };
    index.keys.push(normaliseExpression(r.key));
    indexes.set(id, index);
  }

  return { columns, primaryKeys, foreignKeys: [...foreignKeys.values()], indexes: [...indexes.values()] };
}
