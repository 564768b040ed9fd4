/**
 * Parser for the Mermaid `erDiagram` in docs/oltp-er-diagram.md. It is strict on purpose: a line
 * it does not understand is an error, so a column can never be skipped silently and the schema
 * test can never pass against less than the whole diagram.
 */

export type KeyMarker = "PK" | "FK" | "UK";

export interface DiagramColumn {
  name: string;
  /** Base type as written, lower-cased: `uuid`, `varchar`, `int`, `decimal`, … */
  type: string;
  /** `varchar(255)` → 255. */
  length: number | null;
  isArray: boolean;
  keys: KeyMarker[];
}

export interface DiagramTable {
  name: string;
  columns: DiagramColumn[];
}

/** `parent ||--o{ child`: each child row points at one parent row. */
export interface DiagramRelationship {
  parent: string;
  child: string;
  label: string;
}

export interface ErDiagram {
  tables: Map<string, DiagramTable>;
  relationships: DiagramRelationship[];
}

const TABLE_OPEN = /^([A-Za-z_][\w-]*)\s*\{$/;
// type, name, optional key list, optional quoted comment
const COLUMN =
  /^([A-Za-z]\w*)(?:\((\d+)(?:,\s*\d+)?\))?(\[\])?\s+([A-Za-z_]\w*)(?:\s+((?:PK|FK|UK)(?:\s*,\s*(?:PK|FK|UK))*))?(?:\s+"[^"]*")?$/;
const RELATIONSHIP = /^([A-Za-z_][\w-]*)\s+([|}][|o])(--|\.\.)([|o][|{])\s+([A-Za-z_][\w-]*)\s*:\s*(.+)$/;

/** The body of the first ```mermaid block that holds an `erDiagram`. */
export function extractMermaid(markdown: string): string {
  for (const match of markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)) {
    const body = match[1] ?? "";
    if (/^\s*erDiagram\s*$/m.test(body)) return body;
  }
  throw new Error("no ```mermaid block with an erDiagram found");
}

export function parseErDiagram(markdown: string): ErDiagram {
  const lines = extractMermaid(markdown).split("\n");
  const tables = new Map<string, DiagramTable>();
  const relationships: DiagramRelationship[] = [];
  // Front matter (`---` … `---`) and anything before `erDiagram` is diagram config, not schema.
  const start = lines.findIndex((line) => line.trim() === "erDiagram");
  let open: DiagramTable | null = null;

  for (let i = start + 1; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    const where = `mermaid line ${i + 1} ("${line}")`;
    if (line === "" || line.startsWith("%%")) continue;
    if (open) {
      if (line === "}") {
        open = null;
        continue;
      }
      const column = parseColumn(line);
      if (!column) throw new Error(`cannot parse column at ${where}`);
      if (open.columns.some((c) => c.name === column.name)) throw new Error(`duplicate column at ${where}`);
      open.columns.push(column);
      continue;
    }
    if (/^direction\s+(TB|BT|LR|RL)$/.test(line)) continue;
    const table = TABLE_OPEN.exec(line);
    if (table?.[1]) {
      if (tables.has(table[1])) throw new Error(`table declared twice at ${where}`);
      open = { name: table[1], columns: [] };
      tables.set(open.name, open);
      continue;
    }
    const relationship = RELATIONSHIP.exec(line);
    if (relationship) {
      relationships.push(toRelationship(relationship, where));
      continue;
    }
    throw new Error(`unrecognised ${where}`);
  }
  if (open) throw new Error(`table ${open.name} is never closed`);
  return { tables, relationships };
}

function parseColumn(line: string): DiagramColumn | null {
  const m = COLUMN.exec(line);
  if (!m?.[1] || !m[4]) return null;
  return {
    type: m[1].toLowerCase(),
    length: m[2] ? Number(m[2]) : null,
    isArray: m[3] === "[]",
    name: m[4],
    keys: m[5] ? (m[5].split(",").map((k) => k.trim()) as KeyMarker[]) : [],
  };
}

function toRelationship(m: RegExpExecArray, where: string): DiagramRelationship {
  const [, left = "", leftCard = "", , rightCard = "", right = "", label = ""] = m;
  const leftMany = leftCard.startsWith("}");
  const rightMany = rightCard.endsWith("{");
  // One-to-many is all the diagram uses; anything else would need a rule for where the FK lives.
  if (leftMany === rightMany) throw new Error(`only one-to-many relationships are supported, at ${where}`);
  const unquoted = label.trim().replace(/^"(.*)"$/, "$1");
  return leftMany ? { parent: right, child: left, label: unquoted } : { parent: left, child: right, label: unquoted };
}
