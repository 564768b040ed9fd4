/**
 * CSV for the lead import: RFC 4180 quoting ("a ""b""", commas and newlines inside quotes), a
 * header row naming the columns, and chunks sent one `leads.import` call at a time so a large file
 * shows progress and no request grows past the server's body limit.
 */
export interface LeadRow {
  email: string;
  name?: string | null;
  company?: string | null;
  status?: string | null;
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ""));
}

const COLUMNS = ["email", "name", "company", "status"] as const;

export interface ParsedLeads {
  rows: LeadRow[];
  /** A header problem that stops the import (no email column). */
  problem: string | null;
  ignoredColumns: string[];
}

/** Rows keyed by the header (case-insensitive); unknown columns are ignored and named. */
export function leadsFromCsv(text: string): ParsedLeads {
  const [header, ...body] = parseCsv(text);
  if (!header) return { rows: [], problem: "The file is empty", ignoredColumns: [] };
  const names = header.map((h) => h.trim().toLowerCase());
  const emailAt = names.indexOf("email");
  if (emailAt < 0) return { rows: [], problem: 'The first row needs an "email" column', ignoredColumns: [] };
  const ignoredColumns = header.filter((_, i) => !(COLUMNS as readonly string[]).includes(names[i] ?? ""));
  const rows = body.map((cells) => {
    const row: LeadRow = { email: cells[emailAt] ?? "" };
    for (const column of ["name", "company", "status"] as const) {
      const at = names.indexOf(column);
      if (at >= 0) row[column] = cells[at] ?? null;
    }
    return row;
  });
  return { rows, problem: null, ignoredColumns };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError("chunk size must be a positive integer");
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ImportTotals {
  inserted: number;
  updated: number;
  skipped: number;
  /** Row errors with the row's number in the whole file (1 = first data row). */
  errors: { row: number; message: string }[];
}

/** What one `leads.import` call answers (ImportLeadsResult in packages/api). */
export interface ChunkResult {
  inserted: number;
  updated: number;
  skipped: number;
  invalid: { index: number; email: string; reason: string }[];
}

/**
 * Sends `rows` in chunks through `send` (one leads.import call each), in order, calling
 * `onProgress(done, total)` after each; row errors are renumbered to the file's rows.
 */
export async function importInChunks(
  rows: readonly LeadRow[],
  size: number,
  send: (chunk: LeadRow[]) => Promise<ChunkResult>,
  onProgress: (done: number, total: number) => void,
): Promise<ImportTotals> {
  const totals: ImportTotals = { inserted: 0, updated: 0, skipped: 0, errors: [] };
  let done = 0;
  onProgress(0, rows.length);
  for (const part of chunk(rows, size)) {
    const result = await send(part);
    totals.inserted += result.inserted;
    totals.updated += result.updated;
    totals.skipped += result.skipped;
    for (const e of result.invalid) totals.errors.push({ row: done + e.index + 1, message: `${e.email}: ${e.reason}` });
    done += part.length;
    onProgress(done, rows.length);
  }
  return totals;
}
