import { conflict, notFound } from "../../errors.js";

/**
 * Finishes an update that was guarded by tenant, id and (optionally) `expectedUpdated`:
 * no row back means either the row is not the caller's (NOT_FOUND) or it changed since the
 * caller read it (CONFLICT).
 */
export async function updatedOrExplain<T>(
  row: T | null | undefined,
  args: { what: string; exists: () => Promise<boolean> },
): Promise<T> {
  if (row) return row;
  if (await args.exists()) throw conflict(`${args.what} changed since you read it: fetch it again and retry`);
  throw notFound(args.what);
}
