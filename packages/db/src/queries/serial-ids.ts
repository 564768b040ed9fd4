import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/*
 * Folders and tags keep the diagram's identity (bigint) ids. Above SQL they are decimal strings,
 * like every other id of the API: queries take and return strings, and convert at the column.
 */

/** The column as its decimal string, for selections and `returning`. */
export const serialText = (column: PgColumn): SQL<string> => sql<string>`${column}::text`;

/** The number to compare the column with; ids are checked as decimal strings within the safe range before they get here. */
export const serialValue = (id: string): number => Number(id);
