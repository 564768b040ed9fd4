import { z } from "zod";
import { id, idempotencyKey, listInput } from "./common.js";

export const API_KEY_SCOPES = ["read", "write"] as const;

export const listApiKeysInput = listInput.strict();

export const createApiKeyInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    scope: z.enum(API_KEY_SCOPES).default("write"),
    expiresAt: z
      .date()
      .refine((d) => d.getTime() > Date.now(), "must be in the future")
      .optional(),
    idempotencyKey,
  })
  .strict();

export const revokeApiKeyInput = z.object({ id }).strict();
