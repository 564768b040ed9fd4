import type { AppRouter } from "@outbound/api";
import type { inferRouterInputs } from "@trpc/server";
import type { OutboundClient } from "./client.js";
import { assertOptions } from "./config.js";
import { newIdempotencyKey } from "./idempotency.js";

/** The server refuses more rows than this in one `leads.import` call. */
export const MAX_IMPORT_CHUNK_SIZE = 10_000;
export const DEFAULT_IMPORT_CHUNK_SIZE = 1_000;

type RouterInputs = inferRouterInputs<AppRouter>;

export type LeadStatus = NonNullable<RouterInputs["leads"]["create"]["status"]>;

/**
 * One lead as `leads.import` takes it. Values are checked per row on the server (a bad one is
 * reported in `invalid`, not thrown), so strings straight from a CSV file are fine: `status` is
 * matched case-insensitively against the lead statuses, and empty cells count as absent.
 */
export type ImportLeadRow = RouterInputs["leads"]["import"]["rows"][number];

/** A row the server refused; `index` counts from 0 over every row given to `importLeads`. */
export interface InvalidLeadRow {
  index: number;
  email: string;
  reason: string;
}

export interface ImportLeadsResult {
  inserted: number;
  updated: number;
  skipped: number;
  invalid: InvalidLeadRow[];
}

export interface ImportProgress {
  /** Rows the server has answered for; every one of them is committed (or reported invalid). */
  rowsDone: number;
  /** Known when `rows` is an array. */
  totalRows: number | undefined;
  chunksDone: number;
  inserted: number;
  updated: number;
  skipped: number;
  invalid: number;
}

export interface ImportLeadsOptions {
  /** Rows per `leads.import` call, 1 to 10 000. Default 1 000. */
  chunkSize?: number | undefined;
  /** An email already in the tenant: leave the lead as it is (`skip`, the server's default) or `update` it. */
  onDuplicate?: "skip" | "update" | undefined;
  /**
   * Per chunk: a chunk with an invalid row is refused whole (`ValidationError`; its field paths,
   * `rows.<i>.email`, count within the chunk) and the import stops there; earlier chunks stay imported. For all-or-nothing,
   * keep every row in one chunk (at most 10 000).
   */
  atomic?: boolean | undefined;
  /** Called after each chunk; awaited, so a slow consumer slows the import down rather than buffering. */
  onProgress?: ((progress: ImportProgress) => void | Promise<void>) | undefined;
  /** Stops the import between or during chunks; chunks already answered stay imported. */
  signal?: AbortSignal | undefined;
}

const OPTIONS = ["chunkSize", "onDuplicate", "atomic", "onProgress", "signal"] as const;

function readChunkSize(value: unknown): number {
  if (value === undefined) return DEFAULT_IMPORT_CHUNK_SIZE;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_IMPORT_CHUNK_SIZE) {
    throw new RangeError(
      `importLeads: chunkSize must be an integer from 1 to ${MAX_IMPORT_CHUNK_SIZE}, got ${String(value)}`,
    );
  }
  return value;
}

async function* chunksOf<T>(rows: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const row of rows) {
    chunk.push(row);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Imports any number of leads through `leads.import`, `chunkSize` rows per call, one call at a
 * time, reading `rows` (an array, any iterable, or an async iterable such as a CSV parser) only
 * as fast as the server takes them. Each chunk is one transaction on the server and carries its
 * own idempotency key, so a retried chunk is applied once. Resolves with the summed counts and
 * every invalid row, indexed over all of `rows`. On failure it rejects with the call's
 * `OutboundError`; the rows reported done by the last `onProgress` are imported.
 */
export async function importLeads(
  client: OutboundClient,
  rows: Iterable<ImportLeadRow> | AsyncIterable<ImportLeadRow>,
  options: ImportLeadsOptions = {},
): Promise<ImportLeadsResult> {
  const checked: unknown = options;
  assertOptions("importLeads", checked, OPTIONS);
  const chunkSize = readChunkSize(options.chunkSize);
  if (rows === null || typeof rows !== "object" || !(Symbol.iterator in rows || Symbol.asyncIterator in rows)) {
    throw new TypeError("importLeads: rows must be an array, an iterable or an async iterable of leads");
  }
  const run = newIdempotencyKey();
  const result: ImportLeadsResult = { inserted: 0, updated: 0, skipped: 0, invalid: [] };
  const progress: ImportProgress = {
    rowsDone: 0,
    totalRows: Array.isArray(rows) ? rows.length : undefined,
    chunksDone: 0,
    inserted: 0,
    updated: 0,
    skipped: 0,
    invalid: 0,
  };

  for await (const chunk of chunksOf(rows, chunkSize)) {
    const input: RouterInputs["leads"]["import"] = {
      rows: chunk,
      ...(options.onDuplicate ? { onDuplicate: options.onDuplicate } : {}),
      ...(options.atomic === undefined ? {} : { atomic: options.atomic }),
      idempotencyKey: `${run}:${progress.chunksDone}`,
    };
    const answer = await client.leads.import.mutate(input, options.signal ? { signal: options.signal } : undefined);
    result.inserted += answer.inserted;
    result.updated += answer.updated;
    result.skipped += answer.skipped;
    for (const row of answer.invalid) result.invalid.push({ ...row, index: row.index + progress.rowsDone });
    progress.rowsDone += chunk.length;
    progress.chunksDone += 1;
    Object.assign(progress, {
      inserted: result.inserted,
      updated: result.updated,
      skipped: result.skipped,
      invalid: result.invalid.length,
    });
    await options.onProgress?.({ ...progress });
  }
  return result;
}
