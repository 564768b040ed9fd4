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

/** Optional on every update: when the row's `updated` differs, the update is refused with CONFLICT. */
export const expectedUpdated = z.date().optional();
