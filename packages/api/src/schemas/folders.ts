import { z } from "zod";
import { expectedUpdated, id, idempotencyKey, listInput } from "./common.js";

/** Folders and tags have identity (bigint) ids: positive integers on the wire, within JavaScript's safe range. */
export const serialId = z
  .number({ error: "must be a positive integer id" })
  .int("must be a positive integer id")
  .positive("must be a positive integer id")
  .max(Number.MAX_SAFE_INTEGER);

/** `listInput` with a numeric cursor: the last item's id. */
export const serialListInput = listInput.extend({ cursor: serialId.optional() }).strict();

export const folderName = z.string().trim().min(1, "is required").max(100);

export const createFolderInput = z.object({ name: folderName, idempotencyKey }).strict();
export const renameFolderInput = z.object({ id: serialId, name: folderName, expectedUpdated }).strict();
export const folderIdInput = z.object({ id: serialId }).strict();
export const folderTemplateInput = z.object({ folderId: serialId, templateId: id }).strict();
