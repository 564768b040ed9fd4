import { z } from "zod";

/** Dotted lowercase segments such as `dns.spf_include`; the first segment is the default category. */
export const configKey = z
  .string()
  .trim()
  .max(255)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, "must be dotted lowercase segments such as 'dns.spf_include'");

export const configCategory = z
  .string()
  .trim()
  .max(50)
  .regex(/^[a-z][a-z0-9_-]*$/, "must be a lowercase word such as 'dns'");

const MAX_VALUE_BYTES = 65_536;

/** A JSON value, spelled out here so the SDK's published types don't name zod's own JSON type. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Any JSON except `null` (the column is NOT NULL: delete the key instead), at most 64 KiB serialized. */
export const configValue = (z.json() as z.ZodType<JsonValue>)
  .refine((value) => value !== null, "must not be null: delete the key instead")
  .refine(
    (value) => JSON.stringify(value).length <= MAX_VALUE_BYTES,
    `must serialize to at most ${MAX_VALUE_BYTES} characters`,
  );

export const listSystemConfigInput = z
  .object({
    category: configCategory.optional(),
    cursor: configKey.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const configKeyInput = z.object({ key: configKey }).strict();

export const setSystemConfigInput = z
  .object({
    key: configKey,
    value: configValue,
    description: z.string().trim().max(500).nullable().optional(),
    category: configCategory.nullable().optional(),
    isSensitive: z.boolean().optional(),
  })
  .strict();
