import { z } from "zod";

/** Ids are strings on the wire; a malformed one is BAD_REQUEST, never a database error. */
export const id = z.uuid({ message: "must be a valid id" });

/** Shared by every list: `{ cursor?, limit? }` (CONTRACT.md, calling convention). */
export const listInput = z.object({
  cursor: id.optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

/** Optional on every create: the same key returns the first result instead of creating twice. */
export const idempotencyKey = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\w.:-]+$/, "may contain letters, digits, '_', '-', '.', ':'")
  .optional();

/**
 * Optional on every update: when the row's `updated` differs, the update is refused with CONFLICT.
 * A `Date` over tRPC; REST sends the ISO-8601 string it was given (trpc-to-openapi coerces it).
 */
export const expectedUpdated = z.date().meta({ format: "date-time" }).optional();

/**
 * A point in time in an output: a `Date` over tRPC (superjson), an ISO-8601 string in REST's
 * JSON; `format: date-time` in the OpenAPI document (a bare `z.date()` would lose it).
 */
export const timestamp = z.date().meta({ format: "date-time" });

/** The page every list answers (CONTRACT.md, calling convention). */
export const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** What deletes answer: the id of the row that is gone. */
export const deletedOutput = z.object({ id: z.string() });
