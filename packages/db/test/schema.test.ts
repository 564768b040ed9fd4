import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
// By path, not as a dependency: @outbound/testing depends on @outbound/db, so the reverse would be a cycle.
import { useTestDatabase } from "../../testing/src/lifecycle.js";
import { type Catalog, loadCatalog } from "./catalog.js";
import { parseErDiagram } from "./er-diagram.js";
import {
  checkColumns,
  checkForeignKeyIndexes,
  checkForeignKeys,
  checkPrimaryKeys,
  checkRelationships,
  checkTables,
  checkTenantOwnership,
  checkUniqueKeys,
  hasUniqueIndex,
  tenantOwnedTables,
} from "./schema-checks.js";

/** The diagram is the data model's source of truth (CONTRACT.md); this is the repository's copy. */
const markdown = readFileSync(new URL("../../../docs/oltp-er-diagram.md", import.meta.url), "utf8");
const diagram = parseErDiagram(markdown);

const database = useTestDatabase();
let catalog: Catalog;

beforeAll(async () => {
  catalog = await loadCatalog(database.db);
});

describe("the ER diagram parser", () => {
  it("reads every table, column and relationship of the diagram", () => {
    expect(diagram.tables.size).toBe(30);
    expect(diagram.relationships).toHaveLength(36);
    expect([...diagram.tables.values()].reduce((n, t) => n + t.columns.length, 0)).toBe(286);
    expect(diagram.tables.get("tenant_users")?.columns).toContainEqual({
      name: "roles",
      type: "text",
      length: null,
      isArray: true,
      keys: [],
    });
    expect(diagram.tables.get("staff_role_permissions")?.columns[0]).toEqual({
      name: "role_id",
      type: "int",
      length: null,
      isArray: false,
      keys: ["PK", "FK"],
    });
    expect(diagram.tables.get("companies")?.columns.find((c) => c.name === "workspace_name")).toMatchObject({
      type: "varchar",
      length: 255,
      keys: ["UK"],
    });
    expect(diagram.relationships).toContainEqual({
      parent: "folders",
      child: "template_folders",
      label: "contain templates",
    });
  });

  it("reads a many side written on the left", () => {
    const parsed = parseErDiagram('```mermaid\nerDiagram\n  b }o--|| a : "points at"\n```');
    expect(parsed.relationships).toEqual([{ parent: "a", child: "b", label: "points at" }]);
  });

  it("refuses lines it does not understand instead of skipping them", () => {
    const broken = (body: string) => () => parseErDiagram(`\`\`\`mermaid\nerDiagram\n${body}\n\`\`\``);
    expect(broken("  leads {\n    varchar(255 email\n  }")).toThrow(/cannot parse column/);
    expect(broken("  leads {\n    uuid id PK\n")).toThrow(/never closed/);
    expect(broken("  leads ||--|| tenants : one")).toThrow(/one-to-many/);
    expect(broken("  leads -> tenants")).toThrow(/unrecognised/);
  });
});

describe(`the migrated database honours the diagram`, () => {
  it("has all 30 tables", () => {
    expect(checkTables(diagram, catalog)).toEqual([]);
  });

  it("has every column with a compatible type", () => {
    expect(checkColumns(diagram, catalog)).toEqual([]);
  });

  it("keeps every PK column in the primary key", () => {
    expect(checkPrimaryKeys(diagram, catalog)).toEqual([]);
  });

  it("enforces every UK with a unique index", () => {
    expect(checkUniqueKeys(diagram, catalog)).toEqual([]);
  });

  it("covers every FK column with a foreign key, composite between tenant tables", () => {
    expect(checkForeignKeys(diagram, catalog)).toEqual([]);
  });

  it("backs every relationship line with a foreign key", () => {
    expect(checkRelationships(diagram, catalog)).toEqual([]);
  });

  it("keys every tenant-owned table by tenant_id first", () => {
    expect(tenantOwnedTables(diagram)).toHaveLength(18);
    expect(checkTenantOwnership(diagram, catalog)).toEqual([]);
  });

  it("indexes every foreign key by its leading columns", () => {
    expect(catalog.foreignKeys.length).toBeGreaterThan(30);
    expect(checkForeignKeyIndexes(catalog)).toEqual([]);
  });
});

describe("the uniques CONTRACT.md adds", () => {
  it("one lead per email per tenant, whatever its case", () => {
    expect(hasUniqueIndex(catalog, "leads", [["tenant_id", "lower(email)"]])).toBe(true);
  });

  it("one primary domain per company", () => {
    const keys = [["tenant_id", "company_id"], ["company_id"]];
    expect(hasUniqueIndex(catalog, "domains", keys, "is_primary")).toBe(true);
  });

  it("one step per step_order in a campaign", () => {
    const keys = [
      ["tenant_id", "campaign_id", "step_order"],
      ["campaign_id", "step_order"],
    ];
    expect(hasUniqueIndex(catalog, "campaign_sequence_steps", keys)).toBe(true);
  });
});

describe("the checks catch a diagram the database does not follow", () => {
  /** The real diagram with `text` inserted after the line `after`. */
  const doctored = (after: string, text: string) => {
    expect(markdown).toContain(after);
    return parseErDiagram(markdown.replace(after, `${after}\n${text}`));
  };

  it("a table or column the database lacks", () => {
    const withTable = doctored("  direction TB", "  bounces {\n    uuid id PK\n  }");
    expect(checkTables(withTable, catalog)).toEqual(["table bounces is missing"]);
    const withColumn = doctored("  leads {", "    text nickname");
    expect(checkColumns(withColumn, catalog)).toEqual(["leads.nickname is missing"]);
  });

  it("a different type or length", () => {
    const retyped = parseErDiagram(markdown.replace("company\n    varchar(20) status", "company\n    boolean status"));
    expect(checkColumns(retyped, catalog)).toEqual(["leads.status is varchar, diagram says boolean"]);
    const longer = parseErDiagram(markdown.replace("varchar(255) workspace_name UK", "varchar(300) workspace_name UK"));
    expect(checkColumns(longer, catalog)).toEqual(["companies.workspace_name has max length 255, diagram says 300"]);
  });

  it("a key the database does not enforce", () => {
    const uk = parseErDiagram(markdown.replace("varchar(200) company\n", "varchar(200) company UK\n"));
    expect(checkUniqueKeys(uk, catalog)).toEqual(["leads.company has no unique index of its own"]);
    const pk = parseErDiagram(markdown.replace("varchar(200) company\n", "varchar(200) company PK\n"));
    expect(checkPrimaryKeys(pk, catalog)).toEqual(["leads.company is not in the primary key (tenant_id,id)"]);
  });

  it("a reference the database does not enforce", () => {
    const withFk = doctored("  leads {", "    uuid company_id FK");
    expect(checkForeignKeys(withFk, catalog)).toEqual([
      "leads.company_id: no foreign key (tenant_id, company_id) → companies",
    ]);
    const withLine = doctored("  %% Relationships", '  users ||--o{ leads : "owns"');
    expect(checkRelationships(withLine, catalog)).toEqual(['users ||--o{ leads ("owns") has no foreign key']);
  });
});

describe("the checks catch a database that drifts", () => {
  it("a foreign key without an index", () => {
    const unindexed = { ...catalog, indexes: catalog.indexes.filter((i) => i.name !== "campaigns_company_idx") };
    expect(checkForeignKeyIndexes(unindexed)).toEqual([
      "campaigns (tenant_id,company_id) → companies has no index leading with its columns",
    ]);
  });

  it("a tenant table keyed by id alone or with a nullable tenant_id", () => {
    const primaryKeys = new Map(catalog.primaryKeys).set("leads", ["id"]);
    const leadColumns = new Map(catalog.columns.get("leads"));
    const tenantId = leadColumns.get("tenant_id");
    if (tenantId) leadColumns.set("tenant_id", { ...tenantId, nullable: true });
    const columns = new Map(catalog.columns).set("leads", leadColumns);
    expect(checkTenantOwnership(diagram, { ...catalog, primaryKeys, columns })).toEqual([
      "leads.tenant_id is nullable",
      "leads primary key is (id), expected (tenant_id,id)",
    ]);
  });

  it("a reference between tenant tables that leaves out tenant_id", () => {
    const foreignKeys = catalog.foreignKeys.map((fk) =>
      fk.table === "domains" && fk.refTable === "companies"
        ? { ...fk, columns: ["company_id"], refColumns: ["id"] }
        : fk,
    );
    expect(checkForeignKeys(diagram, { ...catalog, foreignKeys })).toEqual([
      "domains.company_id: no foreign key (tenant_id, company_id) → companies",
    ]);
  });
});
