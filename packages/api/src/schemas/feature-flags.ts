import { z } from "zod";
import { expectedUpdated, id, listInput } from "./common.js";

/** Lowercase, dotted or underscored, such as `campaigns.ab_testing`; immutable once created (it seeds the rollout hash). */
export const flagKey = z
  .string()
  .trim()
  .max(100)
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/,
    "must be lowercase words joined by '.' or '_', such as 'campaigns.ab_testing'",
  );

const rolloutPercentage = z.number().int().min(0).max(100);
const description = z.string().trim().max(2000).nullable();

export const listFlagsInput = listInput.strict();

export const flagIdInput = z.object({ id }).strict();

export const createFlagInput = z
  .object({
    key: flagKey,
    description: description.optional(),
    isEnabled: z.boolean().default(false),
    rolloutPercentage: rolloutPercentage.default(0),
  })
  .strict();

export const updateFlagInput = z
  .object({
    id,
    description: description.optional(),
    isEnabled: z.boolean().optional(),
    rolloutPercentage: rolloutPercentage.optional(),
    expectedUpdated,
  })
  .strict();

export const evaluateFlagsInput = z.object({ keys: z.array(flagKey).min(1).max(200).optional() }).strict();
