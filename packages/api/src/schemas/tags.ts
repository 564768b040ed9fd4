import { z } from "zod";
import { expectedUpdated, id, idempotencyKey } from "./common.js";
import { serialId } from "./folders.js";

export const tagName = z.string().trim().min(1, "is required").max(50);
const tagValue = z.string().trim().max(200).nullable();
const tagDescription = z.string().trim().max(1000).nullable();

export const createTagInput = z
  .object({ name: tagName, value: tagValue.optional(), description: tagDescription.optional(), idempotencyKey })
  .strict();

/** Absent fields stay; null clears value or description. */
export const updateTagInput = z
  .object({
    id: serialId,
    name: tagName.optional(),
    value: tagValue.optional(),
    description: tagDescription.optional(),
    expectedUpdated,
  })
  .strict();

export const tagIdInput = z.object({ id: serialId }).strict();
export const tagTemplateInput = z.object({ tagId: serialId, templateId: id }).strict();
