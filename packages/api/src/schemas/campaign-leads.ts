import { schema } from "@outbound/db";
import { MAX_ENROLL_BATCH } from "@outbound/db/queries/campaign-leads";
import { z } from "zod";
import { id, listInput, pageOf, timestamp } from "./common.js";
import { leadStatus } from "./leads.js";

export const ENROLLMENT_STATUSES = [
  "active",
  "paused",
  "finished",
  "replied",
  "bounced",
  "unsubscribed",
  "failed",
] as const;

/** Ids are deduplicated here, so a repeated id is neither an error nor counted twice. */
const leadIds = z
  .array(id)
  .min(1)
  .max(MAX_ENROLL_BATCH)
  .transform((ids) => [...new Set(ids)]);

export const addCampaignLeadsInput = z
  .object({
    campaignId: id,
    leadIds: leadIds.optional(),
    /** The tenant's leads that match, like `leads.list`; at most 10 000 per call (see `truncated`). */
    filter: z
      .object({ status: leadStatus.optional(), search: z.string().trim().min(1).max(200).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if ((input.leadIds === undefined) === (input.filter === undefined)) {
      for (const path of ["leadIds", "filter"]) {
        ctx.addIssue({ code: "custom", path: [path], message: "give exactly one of leadIds or filter" });
      }
    }
  });

export const removeCampaignLeadsInput = z.object({ campaignId: id, leadIds }).strict();

export const listCampaignLeadsInput = listInput
  .extend({ campaignId: id, status: z.enum(ENROLLMENT_STATUSES).optional() })
  .strict();

const count = z.number().int();

/** `campaigns.leads.add` (services/campaigns/enrollments.ts). */
export const addCampaignLeadsOutput = z.object({
  added: count,
  skipped: z.object({ alreadyEnrolled: count, suppressed: count, unsubscribed: count, bounced: count }),
  matched: count,
  notFound: count,
  truncated: z.boolean(),
});

export const removeCampaignLeadsOutput = z.object({ removed: count });

/** An enrollment as `listEnrollments` selects it, with its lead and latest event. */
export const enrollmentOutput = z.object({
  id: z.string(),
  leadId: z.string(),
  status: z.string().meta({ description: ENROLLMENT_STATUSES.join(" | ") }),
  currentStepOrder: count,
  nextActionAt: timestamp.nullable(),
  emailAccountId: z.string().nullable(),
  finishedReason: z.string().nullable(),
  lastError: z.string().nullable(),
  enrolled: timestamp,
  updated: timestamp,
  lead: z.object({
    email: z.string(),
    name: z.string().nullable(),
    company: z.string().nullable(),
    status: z.string(),
  }),
  lastEvent: z.object({ type: z.enum(schema.EMAIL_EVENT_TYPES), occurred: timestamp }).nullable(),
});

export const enrollmentPageOutput = pageOf(enrollmentOutput);
