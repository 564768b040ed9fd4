import type { TRPCRouterRecord } from "@trpc/server";
import { addStepInput, listStepsInput, reorderStepsInput, stepIdInput, updateStepInput } from "../schemas/campaigns.js";
import {
  addCampaignStep,
  listCampaignSteps,
  removeCampaignStep,
  reorderCampaignSteps,
  updateCampaignStep,
} from "../services/campaign-steps.js";
import { tenantProcedure } from "../trpc.js";

/**
 * `campaigns.steps`: the sequence of a campaign, ordered by `stepOrder` (always 1..n). Edits
 * are refused with CONFLICT (`details.status`) unless the campaign is draft or paused; which
 * fields a step type needs is checked at launch, so a draft may be saved half-done.
 */
export const campaignStepsRouter = {
  /** In order, each with its template's name and mailbox's address. */
  list: tenantProcedure("read")
    .input(listStepsInput)
    .query(({ ctx, input }) => listCampaignSteps(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Appended, or inserted at `position` (1..n+1) with the later steps moving down. */
  add: tenantProcedure("content")
    .input(addStepInput)
    .mutation(({ ctx, input }) => addCampaignStep(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Absent fields stay, null clears; the step type can't change (remove and add instead). */
  update: tenantProcedure("content")
    .input(updateStepInput)
    .mutation(({ ctx, input: { campaignId, id, ...patch } }) =>
      updateCampaignStep(ctx.db, { tenantId: ctx.tenant.id, campaignId, id, patch }),
    ),

  /** The later steps move up. */
  remove: tenantProcedure("content")
    .input(stepIdInput)
    .mutation(({ ctx, input }) => removeCampaignStep(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** `stepIds`: every step of the campaign once, in the new order; atomic; returns the steps in order. */
  reorder: tenantProcedure("content")
    .input(reorderStepsInput)
    .mutation(({ ctx, input }) => reorderCampaignSteps(ctx.db, { tenantId: ctx.tenant.id, ...input })),
} satisfies TRPCRouterRecord;
