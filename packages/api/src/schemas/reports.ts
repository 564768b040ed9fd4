import { z } from "zod";

/** A calendar month in UTC, such as `2026-03`. */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month such as '2026-03'");

export const costAttributionInput = z.object({ month }).strict();
