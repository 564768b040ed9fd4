import type { TRPCRouterRecord } from "@trpc/server";
import { rest } from "../rest.js";
import {
  campaignIdInput,
  campaignOutput,
  campaignPageOutput,
  campaignPreviewOutput,
  campaignStatsOutput,
  campaignWithStepsOutput,
  createCampaignInput,
  deletedCampaignOutput,
  listCampaignsInput,
  previewCampaignInput,
  recordStepExecutionInput,
  scheduleCampaignInput,
  updateCampaignInput,
} from "../schemas/campaigns.js";
import {
  createCampaign,
  deleteCampaignById,
  getCampaignWithSteps,
  launchCampaign,
  listCampaignsFiltered,
  moveCampaign,
  scheduleCampaign,
  updateCampaignById,
} from "../services/campaigns/campaigns.js";
import { getCampaignStats } from "../services/campaigns/stats.js";
import { previewCampaign, recordStepExecution } from "../services/campaigns/steps.js";
import { idempotent, tenantProcedure } from "../trpc.js";
import { campaignLeadsRouter } from "./campaign-leads.js";
import { campaignStepsRouter } from "./campaign-steps.js";

/**
 * Lifecycle (domain/campaign-status.ts): draft → scheduled → active ⇄ paused → completed,
 * `cancel` from any unfinished status; an illegal move is CONFLICT with `details.status`.
 */
const move = (action: "pause" | "resume" | "complete" | "cancel", summary: string) =>
  tenantProcedure("content")
    .meta(rest("POST", `/campaigns/{id}/${action}`, "campaigns", summary))
    .input(campaignIdInput)
    .output(campaignOutput)
    .mutation(({ ctx, input }) =>
      moveCampaign(ctx.db, { tenantId: ctx.tenant.id, id: input.id, action, now: ctx.deps.clock.now() }),
    );

export const campaignsRouter = {
  /** Newest first; filters by status and company (another tenant's company is NOT_FOUND). */
  list: tenantProcedure("read")
    .meta(rest("GET", "/campaigns", "campaigns", "List campaigns"))
    .input(listCampaignsInput.default({ limit: 50 }))
    .output(campaignPageOutput)
    .query(({ ctx, input }) => listCampaignsFiltered(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** With `steps` in order, each with `templateName` and `emailAccountEmail`. */
  get: tenantProcedure("read")
    .meta(rest("GET", "/campaigns/{id}", "campaigns", "Get a campaign with its steps"))
    .input(campaignIdInput)
    .output(campaignWithStepsOutput)
    .query(({ ctx, input }) => getCampaignWithSteps(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),

  /** A draft of one of the tenant's companies. */
  create: tenantProcedure("content")
    .meta(rest("POST", "/campaigns", "campaigns", "Create a draft campaign"))
    .input(createCampaignInput)
    .use(idempotent)
    .output(campaignOutput)
    .mutation(({ ctx, input }) => createCampaign(ctx.once, { tenantId: ctx.tenant.id, ...input })),

  /** Name, description and sending settings (window, daily limit, stop on reply, tracking), in any status. */
  update: tenantProcedure("content")
    .meta(rest("PATCH", "/campaigns/{id}", "campaigns", "Update a campaign's name, description and sending settings"))
    .input(updateCampaignInput)
    .output(campaignOutput)
    .mutation(({ ctx, input: { id, expectedUpdated, ...patch } }) =>
      updateCampaignById(ctx.db, { tenantId: ctx.tenant.id, id, patch, expectedUpdated }),
    ),

  /** Only draft, completed or cancelled campaigns (CONFLICT otherwise: cancel first); steps go with it. */
  delete: tenantProcedure("content")
    .meta(rest("DELETE", "/campaigns/{id}", "campaigns", "Delete a draft, completed or cancelled campaign"))
    .input(campaignIdInput)
    .output(deletedCampaignOutput)
    .mutation(({ ctx, input }) => deleteCampaignById(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),

  /** draft → scheduled; `at` must be in the future; the launch checks run now and again at `at`. */
  schedule: tenantProcedure("content")
    .meta(rest("POST", "/campaigns/{id}/schedule", "campaigns", "Schedule a draft to launch at `at`"))
    .input(scheduleCampaignInput)
    .output(campaignOutput)
    .mutation(({ ctx, input }) =>
      scheduleCampaign(ctx.db, { tenantId: ctx.tenant.id, ...input, now: ctx.deps.clock.now() }),
    ),

  /**
   * draft or scheduled → active. Every problem of the sequence is reported at once (CONFLICT,
   * `details.blockers`); a first launch counts against `max_campaigns_per_month`.
   */
  launch: tenantProcedure("content")
    .meta(rest("POST", "/campaigns/{id}/launch", "campaigns", "Launch a campaign (checks every step)"))
    .input(campaignIdInput)
    .output(campaignOutput)
    .mutation(({ ctx, input }) =>
      launchCampaign(ctx.db, { tenantId: ctx.tenant.id, id: input.id, now: ctx.deps.clock.now() }),
    ),

  pause: move("pause", "Pause an active campaign"),
  resume: move("resume", "Resume a paused campaign (checks every step again)"),
  complete: move("complete", "Complete a campaign"),
  cancel: move("cancel", "Cancel an unfinished campaign"),

  /** Every email step rendered for the lead, in order, with subject overrides applied. */
  preview: tenantProcedure("read")
    .meta(rest("GET", "/campaigns/{id}/preview", "campaigns", "Every email step rendered for a lead (`leadId`)"))
    .input(previewCampaignInput)
    .output(campaignPreviewOutput)
    .query(({ ctx, input }) => previewCampaign(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** For the sending engine (a write credential): one more execution of the step, stamped now. */
  recordStepExecution: tenantProcedure("content")
    .input(recordStepExecutionInput)
    .mutation(({ ctx, input }) =>
      recordStepExecution(ctx.db, { tenantId: ctx.tenant.id, ...input, now: ctx.deps.clock.now() }),
    ),

  /**
   * `{ totals, steps, enrollments, lastErrors }`: message counts by status, distinct messages with
   * replies, opens, clicks, unsubscribes, per step and in total; enrollments by status; the most
   * common `lastError` of active enrollments (why they wait).
   */
  stats: tenantProcedure("read")
    .meta(rest("GET", "/campaigns/{id}/stats", "campaigns", "Message and enrollment counts of a campaign"))
    .input(campaignIdInput)
    .output(campaignStatsOutput)
    .query(({ ctx, input }) => getCampaignStats(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),

  steps: campaignStepsRouter,
  leads: campaignLeadsRouter,
} satisfies TRPCRouterRecord;
