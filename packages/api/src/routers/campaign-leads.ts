import { listEnrollments } from "@outbound/db/queries/campaign-leads";
import { getCampaign } from "@outbound/db/queries/campaigns";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../errors.js";
import { rest } from "../rest.js";
import {
  addCampaignLeadsInput,
  addCampaignLeadsOutput,
  enrollmentPageOutput,
  listCampaignLeadsInput,
  removeCampaignLeadsInput,
  removeCampaignLeadsOutput,
} from "../schemas/campaign-leads.js";
import { addCampaignLeads, removeCampaignLeads } from "../services/campaigns/enrollments.js";
import { tenantProcedure } from "../trpc.js";

/** `campaigns.leads`: the enrollments of a campaign, the engine's unit of work. */
export const campaignLeadsRouter = {
  /**
   * `leadIds` or `filter` (exactly one). Returns `{ added, skipped: { alreadyEnrolled, suppressed,
   * unsubscribed, bounced }, matched, notFound, truncated }`; CONFLICT for a completed or cancelled campaign.
   */
  add: tenantProcedure("content")
    .meta(rest("POST", "/campaigns/{campaignId}/leads", "campaign leads", "Enroll leads (by id or by filter)"))
    .input(addCampaignLeadsInput)
    .output(addCampaignLeadsOutput)
    .mutation(({ ctx, input: { campaignId, leadIds, filter } }) =>
      addCampaignLeads(ctx.db, {
        tenantId: ctx.tenant.id,
        campaignId,
        candidates: leadIds ? { leadIds } : { filter: filter ?? {} },
        now: ctx.deps.clock.now(),
      }),
    ),

  /** `{ removed }`: active or paused enrollments end (`finished`, reason `removed`); the rows stay. */
  remove: tenantProcedure("content")
    .meta(rest("POST", "/campaigns/{campaignId}/leads/remove", "campaign leads", "End the enrollments of leads"))
    .input(removeCampaignLeadsInput)
    .output(removeCampaignLeadsOutput)
    .mutation(({ ctx, input }) =>
      removeCampaignLeads(ctx.db, { tenantId: ctx.tenant.id, ...input, now: ctx.deps.clock.now() }),
    ),

  /** Newest enrollment first, each with its lead and latest event. */
  list: tenantProcedure("read")
    .meta(rest("GET", "/campaigns/{campaignId}/leads", "campaign leads", "List a campaign's enrollments"))
    .input(listCampaignLeadsInput)
    .output(enrollmentPageOutput)
    .query(async ({ ctx, input }) => {
      if (!(await getCampaign(ctx.db, { tenantId: ctx.tenant.id, id: input.campaignId }))) throw notFound("Campaign");
      return listEnrollments(ctx.db, { tenantId: ctx.tenant.id, ...input });
    }),
} satisfies TRPCRouterRecord;
