import { schema } from "@outbound/db";
import { createInsertSchema } from "drizzle-zod";
import { z } from "zod";
import { deletedOutput, expectedUpdated, id, idempotencyKey, listInput, pageOf, timestamp } from "./common.js";

export const LEAD_STATUSES = [
  "new",
  "contacted",
  "replied",
  "interested",
  "not_interested",
  "bounced",
  "unsubscribed",
] as const;
export const leadStatus = z.enum(LEAD_STATUSES);

/** Emails are compared case-insensitively, so they are stored trimmed and lower-cased. */
export const leadEmail = z
  .string()
  .trim()
  .toLowerCase()
  .max(255)
  .pipe(z.email({ message: "must be a valid email address" }));

const leadInsert = createInsertSchema(schema.leads, {
  name: (s) => s.trim().min(1).max(200),
  company: (s) => s.trim().min(1).max(200),
});

// drizzle-zod 0.8.3 makes refined nullable columns optional at runtime but types them as required; say it explicitly.
export const createLeadInput = leadInsert
  .pick({ name: true, company: true })
  .partial({ name: true, company: true })
  .extend({ email: leadEmail, status: leadStatus.default("new"), idempotencyKey })
  .strict();

export const listLeadsInput = listInput
  .extend({
    status: leadStatus.optional(),
    search: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const leadIdInput = z.object({ id }).strict();

/** A partial update: absent fields stay, null clears name or company; an empty patch only moves `updated`. */
export const updateLeadInput = z
  .object({
    id,
    email: leadEmail.optional(),
    name: leadInsert.shape.name.unwrap().nullable().optional(),
    company: leadInsert.shape.company.unwrap().nullable().optional(),
    status: leadStatus.optional(),
    expectedUpdated,
  })
  .strict();

export const setLeadStatusInput = z.object({ id, status: leadStatus }).strict();

/** A lead as every procedure answers it: `leadColumns` of the query module. */
export const leadOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  company: z.string().nullable(),
  status: z.string().meta({ description: LEAD_STATUSES.join(" | ") }),
  created: timestamp,
  updated: timestamp,
});

export const leadPageOutput = pageOf(leadOutput);
export const deletedLeadOutput = deletedOutput;
