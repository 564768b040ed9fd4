import { z } from "zod";
import { idempotencyKey } from "./common.js";
import { leadEmail, leadStatus } from "./leads.js";

export const MAX_IMPORT_ROWS = 10_000;

/** Spreadsheets leave empty cells as "": an empty optional field is absent, not an empty value. */
const optionalCell = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((value) => value || null);

/**
 * One row as the service validates it: the rules of `leads.create`, applied row by row so a bad
 * row is reported (or, with `atomic`, refuses the call) instead of failing the whole request.
 */
export const importRow = z.object({
  email: leadEmail,
  name: optionalCell(200),
  company: optionalCell(200),
  status: z
    .string()
    .trim()
    .toLowerCase()
    .nullish()
    .transform((value) => value || null)
    .pipe(leadStatus.nullable()),
});
export type ImportRow = z.output<typeof importRow>;

/**
 * Only the shape is checked here (bounded so a request stays small); each row's values are
 * checked by `importRow` in the service, which reports a bad row by its index.
 */
const rawRow = z
  .object({
    email: z.string().max(1000),
    name: z.string().max(1000).nullish(),
    company: z.string().max(1000).nullish(),
    status: z.string().max(100).nullish(),
  })
  .strict();

export const importLeadsInput = z
  .object({
    rows: z.array(rawRow).min(1).max(MAX_IMPORT_ROWS),
    /**
     * A row whose email is already a lead: `skip` leaves the lead as it is, `update` writes the
     * row's non-empty fields. Within the batch the first row of an email wins with `skip`, the last with `update`.
     */
    onDuplicate: z.enum(["skip", "update"]).default("skip"),
    /** All rows or none: any invalid row refuses the whole import with BAD_REQUEST. */
    atomic: z.boolean().default(false),
    idempotencyKey,
  })
  .strict();
export type ImportLeadsInput = z.output<typeof importLeadsInput>;

/** `inserted + updated + skipped + invalid.length` is the number of rows sent (services/leads/import.ts). */
export const importLeadsOutput = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  invalid: z.array(z.object({ index: z.number().int(), email: z.string(), reason: z.string() })),
});
