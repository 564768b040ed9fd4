import type { Database } from "@outbound/db";
import { countNewEmails, type ImportLead, insertNewLeads, upsertLeads } from "@outbound/db/queries/lead-import";
import { badRequest } from "../../errors.js";
import { type ImportLeadsInput, importRow } from "../../schemas/lead-import.js";
import type { Once } from "../platform/idempotency.js";
import { withinLimit } from "../quotas/limits.js";

export interface InvalidImportRow {
  /** Position in `rows`, from 0. */
  index: number;
  /** The email as sent. */
  email: string;
  reason: string;
}

/** `inserted + updated + skipped + invalid.length` is always the number of rows sent. */
export interface ImportLeadsResult {
  inserted: number;
  updated: number;
  /** Duplicates left as they were: of an existing lead, of another row of the batch, or updates that changed nothing. */
  skipped: number;
  invalid: InvalidImportRow[];
}

interface PreparedBatch {
  /** One row per email, in the order of the rows that won. */
  unique: ImportLead[];
  invalid: InvalidImportRow[];
  fieldErrors: Record<string, string[]>;
}

/**
 * Validates every row and keeps one per email: with `skip` the first row of an email wins
 * (like an existing lead, it was there first); with `update` the last one does (later rows
 * are the newer data), replacing the earlier rows whole rather than merging them.
 */
function prepareBatch(rows: ImportLeadsInput["rows"], onDuplicate: "skip" | "update"): PreparedBatch {
  const byEmail = new Map<string, ImportLead>();
  const invalid: InvalidImportRow[] = [];
  const fieldErrors: Record<string, string[]> = {};
  rows.forEach((raw, index) => {
    const parsed = importRow.safeParse(raw);
    if (!parsed.success) {
      const reasons: string[] = [];
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join(".");
        reasons.push(`${field}: ${issue.message}`);
        const key = `rows.${index}.${field}`;
        fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
      }
      invalid.push({ index, email: raw.email, reason: reasons.join("; ") });
      return;
    }
    const row = parsed.data;
    if (byEmail.has(row.email)) {
      if (onDuplicate === "skip") return;
      byEmail.delete(row.email);
    }
    byEmail.set(row.email, row);
  });
  return { unique: [...byEmail.values()], invalid, fieldErrors };
}

async function writeBatch(tx: Database, tenantId: string, rows: ImportLead[], onDuplicate: "skip" | "update") {
  if (onDuplicate === "skip") return { inserted: await insertNewLeads(tx, { tenantId, rows }), updated: 0 };
  // Two statements, because whether the status is written differs per row and ON CONFLICT's SET is per statement.
  const withStatus = await upsertLeads(tx, { tenantId, rows: rows.filter((r) => r.status), setStatus: true });
  const without = await upsertLeads(tx, { tenantId, rows: rows.filter((r) => !r.status), setStatus: false });
  return { inserted: withStatus.inserted + without.inserted, updated: withStatus.updated + without.updated };
}

/**
 * One transaction, a handful of set-based statements whatever the row count. The batch's new
 * leads count against `max_contacts` all together: the whole batch fits or nothing goes in.
 * Updates of existing leads use no quota, so an import that only updates needs no room.
 */
async function runImport(
  db: Database,
  { tenantId, now }: { tenantId: string; now: Date },
  input: Omit<ImportLeadsInput, "idempotencyKey">,
) {
  const { unique, invalid, fieldErrors } = prepareBatch(input.rows, input.onDuplicate);
  if (input.atomic && invalid.length > 0) {
    throw badRequest(
      `${invalid.length} of ${input.rows.length} rows are invalid, so nothing was imported: fix them or import without atomic`,
      fieldErrors,
    );
  }
  const total = input.rows.length - invalid.length;
  if (unique.length === 0) return { inserted: 0, updated: 0, skipped: total, invalid };
  return db.transaction(async (tx) => {
    // Counted before the quota lock takes turns: a concurrent import of the same emails only
    // makes this larger than what goes in (ON CONFLICT skips them). Only a concurrent delete of
    // one of these emails lets its row in uncounted, and that delete freed the same room.
    const adding = await countNewEmails(tx, { tenantId, emails: unique.map((r) => r.email) });
    const write = (t: Database) => writeBatch(t, tenantId, unique, input.onDuplicate);
    const written =
      adding === 0 ? await write(tx) : await withinLimit(tx, { tenantId, limit: "max_contacts", adding, now }, write);
    return { ...written, skipped: total - written.inserted - written.updated, invalid };
  });
}

/** A retry with the same `idempotencyKey` replays the first result instead of importing (and counting) again. */
export async function importLeads(
  once: Once,
  args: Omit<ImportLeadsInput, "idempotencyKey"> & { tenantId: string; now: Date },
): Promise<ImportLeadsResult> {
  const { tenantId, now, ...input } = args;
  return once((tx) => runImport(tx, { tenantId, now }, input));
}
