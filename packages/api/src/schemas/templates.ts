import { z } from "zod";
import { deletedOutput, expectedUpdated, id, idempotencyKey, listInput, pageOf, timestamp } from "./common.js";
import { serialId } from "./folders.js";

const templateName = z.string().trim().min(1, "is required").max(100);
const templateSubject = z.string().trim().min(1, "is required").max(255);
/** 256 KiB: far beyond any email body, small enough to keep a request bounded. */
const templateContent = z
  .string()
  .min(1, "is required")
  .max(256 * 1024);

export const listTemplatesInput = listInput
  .extend({ folderId: serialId.optional(), tagId: serialId.optional() })
  .strict();

export const templateIdInput = z.object({ id }).strict();

export const createTemplateInput = z
  .object({
    name: templateName,
    subject: templateSubject,
    content: templateContent,
    isStarted: z.boolean().default(false),
    idempotencyKey,
  })
  .strict();

export const updateTemplateInput = z
  .object({
    id,
    name: templateName.optional(),
    subject: templateSubject.optional(),
    content: templateContent.optional(),
    isStarted: z.boolean().optional(),
    expectedUpdated,
  })
  .strict();

export const duplicateTemplateInput = z.object({ id, name: templateName.optional(), idempotencyKey }).strict();

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const renderTemplateInput = z
  .object({
    id,
    leadId: id.optional(),
    /** Custom variables, and overrides of the lead's own (`first_name`, …). */
    values: z
      .record(z.string().regex(VARIABLE_NAME, "must be a variable name such as first_name"), z.string().max(10_000))
      .refine((values) => Object.keys(values).length <= 100, "at most 100 values")
      .optional(),
  })
  .strict();

/** A template as every procedure answers it: `templateColumns` of the query module. */
export const templateOutput = z.object({
  id: z.string(),
  name: z.string(),
  subject: z.string(),
  content: z.string(),
  isStarted: z.boolean(),
  created: timestamp,
  updated: timestamp,
});

export const templatePageOutput = pageOf(templateOutput);

/** `templates.get`: also the folders it is in and its tags. */
export const templateWithLinksOutput = templateOutput.extend({
  folderIds: z.array(z.string()),
  tags: z.array(z.object({ id: z.string(), name: z.string(), value: z.string().nullable() })),
});

export const deletedTemplateOutput = deletedOutput;

/** `templates.duplicate`: the copy, in the same folders and with the same tags. */
export const duplicatedTemplateOutput = templateWithLinksOutput;

/** `templates.render`: the subject and content as the lead (or the given values) would get them. */
export const renderedTemplateOutput = z.object({ subject: z.string(), content: z.string() });
