import { MAX_ENROLL_BATCH } from "@outbound/db/queries/campaign-leads";
import { z } from "zod";
import { id, listInput } from "./common.js";
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
