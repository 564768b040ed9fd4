import { z } from "zod";
import { expectedUpdated, id, idempotencyKey, listInput } from "./common.js";

/**
 * Folders and tags have identity (bigint) ids. Like every id they travel as strings: a positive
 * decimal integer, within JavaScript's safe range.
 */
export const serialId = z
  .string({ error: "must be a folder or tag id (a positive integer as a string)" })
  .regex(/^[1-9][0-9]{0,15}$/, "must be a folder or tag id (a positive integer as a string)")
  .refine((value) => Number(value) <= Number.MAX_SAFE_INTEGER, "is out of range");

/** `listInput` whose cursor is the last item's folder or tag id. */
export const serialListInput = listInput.extend({ cursor: serialId.optional() }).strict();

export const folderName = z.string().trim().min(1, "is required").max(100);

export const createFolderInput = z.object({ name: folderName, idempotencyKey }).strict();
export const renameFolderInput = z.object({ id: serialId, name: folderName, expectedUpdated }).strict();
export const folderIdInput = z.object({ id: serialId }).strict();
export const folderTemplateInput = z.object({ folderId: serialId, templateId: id }).strict();
