import type { Catalog, CatalogForeignKey } from "./catalog.js";
import type { DiagramColumn, ErDiagram } from "./er-diagram.js";

/**
 * Comparisons of the ER diagram with the database catalog. Each returns the list of problems
 * (empty when the database honours the diagram), so a failing test names every mismatch at once
 * and the checks themselves can be tested against a doctored diagram.
 */

/** Tables CONTRACT.md makes tenant-owned although the diagram shows no `tenant_id` on them. */
export const IMPLICITLY_TENANT_OWNED = [
  "campaign_sequence_steps",
  "subscription_addons",
  "payments",
  "domain_ip_assignments",
  "template_folders",
  "folders",
];

/** Diagram type → `information_schema.columns.udt_name`; timestamps are timestamptz per CONTRACT.md. */
const UDT_OF_DIAGRAM_TYPE: Record<string, string> = {
  uuid: "uuid",
  text: "text",
  timestamp: "timestamptz",
  varchar: "varchar",
  int: "int4",
  bigint: "int8",
  boolean: "bool",
  jsonb: "jsonb",
  decimal: "numeric",
};

export function tenantOwnedTables(diagram: ErDiagram): string[] {
  const explicit = [...diagram.tables.values()]
    .filter((t) => t.columns.some((c) => c.name === "tenant_id"))
    .map((t) => t.name);
  return [...new Set([...explicit, ...IMPLICITLY_TENANT_OWNED])].sort();
}

export function checkTables(diagram: ErDiagram, catalog: Catalog): string[] {
  return [...diagram.tables.keys()].filter((t) => !catalog.columns.has(t)).map((t) => `table ${t} is missing`);
}

export function checkColumns(diagram: ErDiagram, catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const table of diagram.tables.values()) {
    const actual = catalog.columns.get(table.name);
    if (!actual) continue; // reported by checkTables
    for (const column of table.columns) {
      const where = `${table.name}.${column.name}`;
      const found = actual.get(column.name);
      if (!found) {
        problems.push(`${where} is missing`);
        continue;
      }
      const udt = UDT_OF_DIAGRAM_TYPE[column.type];
      if (!udt) {
        problems.push(`${where}: the diagram type ${column.type} has no known PostgreSQL mapping`);
        continue;
      }
      const expected = column.isArray ? `_${udt}` : udt;
      if (found.udtName !== expected) problems.push(`${where} is ${found.udtName}, diagram says ${typeLabel(column)}`);
      if (column.length !== null && found.maxLength !== column.length) {
        problems.push(`${where} has max length ${found.maxLength}, diagram says ${column.length}`);
      }
    }
  }
  return problems;
}

/** Every PK column of the diagram is part of the table's primary key (tenant tables prepend tenant_id). */
export function checkPrimaryKeys(diagram: ErDiagram, catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const table of diagram.tables.values()) {
    const pk = catalog.primaryKeys.get(table.name) ?? [];
    for (const column of table.columns.filter((c) => c.keys.includes("PK"))) {
      if (!pk.includes(column.name)) problems.push(`${table.name}.${column.name} is not in the primary key (${pk})`);
    }
  }
  return problems;
}

/** Every UK column is unique across the whole table: a unique, non-partial index on exactly that column. */
export function checkUniqueKeys(diagram: ErDiagram, catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const table of diagram.tables.values()) {
    for (const column of table.columns.filter((c) => c.keys.includes("UK"))) {
      if (!hasUniqueIndex(catalog, table.name, [[column.name]])) {
        problems.push(`${table.name}.${column.name} has no unique index of its own`);
      }
    }
  }
  return problems;
}

/** A unique index on `table` whose keys equal one of `keySets` (order-free) and whose predicate is `predicate`. */
export function hasUniqueIndex(
  catalog: Catalog,
  table: string,
  keySets: string[][],
  predicate: string | null = null,
): boolean {
  return catalog.indexes.some(
    (index) =>
      index.table === table &&
      index.unique &&
      index.predicate === predicate &&
      keySets.some((keys) => sameSet(index.keys, keys)),
  );
}

/**
 * The table a diagram FK column points at: the relationship parent whose singular name the column
 * names (`pending_plan_id` → plans, `role_id` → staff_roles), else any table so named (`tags.tenant_id`
 * has no relationship line), else the only relationship parent (`updated_by` → users).
 */
export function resolveReferencedTable(diagram: ErDiagram, table: string, column: string): string | null {
  const stem = column.replace(/_id$/, "");
  const named = (tables: string[]) => tables.filter((t) => namesTable(stem, t));
  const parents = diagram.relationships.filter((r) => r.child === table).map((r) => r.parent);
  for (const candidates of [named(parents), named([...diagram.tables.keys()]), parents]) {
    const unique = [...new Set(candidates)];
    if (unique.length === 1) return unique[0] ?? null;
    if (unique.length > 1) return null;
  }
  return null;
}

/**
 * Every FK column is covered by a foreign key to its table's key. Between two tenant-owned tables the
 * key must be composite `(tenant_id, x_id)`, so a row can never point at another tenant's row.
 */
export function checkForeignKeys(diagram: ErDiagram, catalog: Catalog): string[] {
  const problems: string[] = [];
  const tenantOwned = new Set(tenantOwnedTables(diagram));
  for (const table of diagram.tables.values()) {
    for (const column of table.columns.filter((c) => c.keys.includes("FK"))) {
      const where = `${table.name}.${column.name}`;
      const parent = resolveReferencedTable(diagram, table.name, column.name);
      const parentKey = parent ? diagram.tables.get(parent)?.columns.filter((c) => c.keys.includes("PK")) : undefined;
      if (!parent || !parentKey) {
        problems.push(`${where}: cannot tell from the diagram which table it references`);
        continue;
      }
      const needsTenant = tenantOwned.has(table.name) && tenantOwned.has(parent);
      const covering = catalog.foreignKeys.filter(
        (fk) => fk.table === table.name && coversColumn(fk, parent, column.name, parentKey, needsTenant),
      );
      if (covering.length === 0) {
        const shape = needsTenant ? `(tenant_id, ${column.name})` : `(${column.name})`;
        problems.push(`${where}: no foreign key ${shape} → ${parent}`);
      }
    }
  }
  return problems;
}

function coversColumn(
  fk: CatalogForeignKey,
  parent: string,
  column: string,
  parentKey: DiagramColumn[],
  needsTenant: boolean,
): boolean {
  if (fk.refTable !== parent) return false;
  const pairs = fk.columns.map((c, i) => [c, fk.refColumns[i]] as const);
  const own = pairs.find(([c]) => c === column);
  if (!own || !parentKey.some((k) => k.name === own[1])) return false;
  // Any other column pair may only be the tenant scope.
  const others = pairs.filter(([c]) => c !== column);
  if (!others.every(([c, r]) => c === "tenant_id" && r === "tenant_id")) return false;
  return !needsTenant || others.length === 1;
}

/** Every relationship line is backed by at least one foreign key from the child to the parent. */
export function checkRelationships(diagram: ErDiagram, catalog: Catalog): string[] {
  return diagram.relationships
    .filter((r) => !catalog.foreignKeys.some((fk) => fk.table === r.child && fk.refTable === r.parent))
    .map((r) => `${r.parent} ||--o{ ${r.child} ("${r.label}") has no foreign key`);
}

/**
 * Tenant-owned tables carry a NOT NULL tenant_id and a primary key of exactly tenant_id followed by
 * the diagram's own key: (tenant_id, id), tenant_users (tenant_id, user_id), tenant_config (tenant_id).
 */
export function checkTenantOwnership(diagram: ErDiagram, catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const name of tenantOwnedTables(diagram)) {
    const table = diagram.tables.get(name);
    if (!table) {
      problems.push(`${name} is listed as tenant-owned but is not in the diagram`);
      continue;
    }
    const tenantId = catalog.columns.get(name)?.get("tenant_id");
    if (!tenantId) problems.push(`${name}.tenant_id is missing`);
    else if (tenantId.nullable) problems.push(`${name}.tenant_id is nullable`);
    const diagramKey = table.columns.filter((c) => c.keys.includes("PK") && c.name !== "tenant_id").map((c) => c.name);
    const expected = ["tenant_id", ...diagramKey];
    const actual = catalog.primaryKeys.get(name) ?? [];
    if (actual.join() !== expected.join()) problems.push(`${name} primary key is (${actual}), expected (${expected})`);
  }
  return problems;
}

/** Every foreign key (diagram or not) has an index whose leading columns are the key's columns. */
export function checkForeignKeyIndexes(catalog: Catalog): string[] {
  return catalog.foreignKeys
    .filter(
      (fk) =>
        !catalog.indexes.some(
          (index) => index.table === fk.table && sameSet(index.keys.slice(0, fk.columns.length), fk.columns),
        ),
    )
    .map((fk) => `${fk.table} (${fk.columns}) → ${fk.refTable} has no index leading with its columns`);
}

function namesTable(stem: string, table: string): boolean {
  const singular = table.endsWith("ies")
    ? `${table.slice(0, -3)}y`
    : table.endsWith("sses")
      ? table.slice(0, -2)
      : table.replace(/s$/, "");
  return stem === singular || stem.endsWith(`_${singular}`) || singular.endsWith(`_${stem}`);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function typeLabel(column: DiagramColumn): string {
  return `${column.type}${column.length === null ? "" : `(${column.length})`}${column.isArray ? "[]" : ""}`;
}
