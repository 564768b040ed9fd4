import { schema } from "@outbound/db";
import { normalizeSuppressionValue } from "@outbound/db/queries/suppressions";
import { z } from "zod";
import { id, idempotencyKey, listInput, pageOf, timestamp } from "./common.js";

const emailShape = z.email();
const domainShape = z.string().regex(z.regexes.domain);

/** An address or `@domain`, stored normalized (trimmed, lower-cased) so one value is one row. */
export const suppressionValue = z
  .string()
  .max(255)
  .transform(normalizeSuppressionValue)
  .refine(
    (value) =>
      value.startsWith("@") ? domainShape.safeParse(value.slice(1)).success : emailShape.safeParse(value).success,
    "must be an email address or @domain",
  );

export const listSuppressionsInput = listInput
  .extend({ search: z.string().trim().min(1).max(255).optional() })
  .strict();

export const addSuppressionInput = z
  .object({
    value: suppressionValue,
    reason: z.enum(schema.SUPPRESSION_REASONS).default("manual"),
    idempotencyKey,
  })
  .strict();

export const suppressionIdInput = z.object({ id }).strict();

export const suppressionOutput = z.object({
  id: z.string(),
  value: z.string(),
  reason: z.enum(schema.SUPPRESSION_REASONS),
  created: timestamp,
});

export const suppressionPageOutput = pageOf(suppressionOutput);

/** `suppressions.add`: whether it was there already, and how many enrollments it ended. */
export const addedSuppressionOutput = suppressionOutput.extend({
  alreadySuppressed: z.boolean(),
  enrollmentsEnded: z.number().int(),
});
