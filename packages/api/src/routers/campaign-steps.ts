import type { TRPCRouterRecord } from "@trpc/server";
import { rest } from "../rest.js";
import {
  addStepInput,
  deletedStepOutput,
  listStepsInput,
  reorderStepsInput,
  stepIdInput,
  stepListOutput,
  stepOutput,
  updateStepInput,
} from "../schemas/campaigns.js";
import {
  addCampaignStep,
  listCampaignSteps,
  removeCampaignStep,
  reorderCampaignSteps,
  updateCampaignStep,
} from "../services/campaigns/steps.js";
import { tenantProcedure } from "../trpc.js";

/**
 * `campaigns.steps`: the sequence of a campaign, ordered by `stepOrder` (always 1..n). Edits
 * are refused with CONFLICT (`details.status`) unless the campaign is draft or paused; which
 * fields a step type needs is checked at launch, so a draft may be saved half-done.
 */
export const campaignStepsRouter = {
  /** In order, each with its template's name and mailbox's address. */
  list: tenantProcedure("read")
    .meta(rest("GET", "/campaigns/{campaignId}/steps", "campaign steps", "List a campaign's steps in order"))
    .input(listStepsInput)
    .output(stepListOutput)
    .query(({ ctx, input }) => listCampaignSteps(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Appended, or inserted at `position` (1..n+1) with the later steps moving down. */
  add: tenantProcedure("content")
    .meta(rest("POST", "/campaigns/{campaignId}/steps", "campaign steps", "Add a step"))
    .input(addStepInput)
    .output(stepOutput)
    .mutation(({ ctx, input }) => addCampaignStep(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Absent fields stay, null clears; the step type can't change (remove and add instead). */
  update: tenantProcedure("content")
    .meta(rest("PATCH", "/campaigns/{campaignId}/steps/{id}", "campaign steps", "Update a step"))
    .input(updateStepInput)
    .output(stepOutput)
    .mutation(({ ctx, input: { campaignId, id, ...patch } }) =>
      updateCampaignStep(ctx.db, { tenantId: ctx.tenant.id, campaignId, id, patch }),
    ),

  /** The later steps move up. */
  remove: tenantProcedure("content")
    .meta(rest("DELETE", "/campaigns/{campaignId}/steps/{id}", "campaign steps", "Remove a step"))
    .input(stepIdInput)
    .output(deletedStepOutput)
    .mutation(({ ctx, input }) => removeCampaignStep(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** `stepIds`: every step of the campaign once, in the new order; atomic; returns the steps in order. */
  reorder: tenantProcedure("content")
    .meta(rest("POST", "/campaigns/{campaignId}/steps/reorder", "campaign steps", "Reorder every step at once"))
    .input(reorderStepsInput)
    .output(stepListOutput)
    .mutation(({ ctx, input }) => reorderCampaignSteps(ctx.db, { tenantId: ctx.tenant.id, ...input })),
} satisfies TRPCRouterRecord;
