import { schema } from "@outbound/db";
import { z } from "zod";
import { CAMPAIGN_STATUSES } from "../domain/campaign-status.js";
import { MAX_SEND_CONDITION_LENGTH, parseSendCondition } from "../domain/send-condition.js";
import { deletedOutput, expectedUpdated, id, idempotencyKey, listInput, pageOf, timestamp } from "./common.js";
import { ianaTimeZone } from "./validators.js";

const campaignName = z.string().trim().min(1, "is required").max(200);
const description = z.string().trim().max(10_000).nullable();

export const listCampaignsInput = listInput
  .extend({ status: z.enum(CAMPAIGN_STATUSES).optional(), companyId: id.optional() })
  .strict();

export const campaignIdInput = z.object({ id }).strict();

export const createCampaignInput = z
  .object({ companyId: id, name: campaignName, description: description.optional(), idempotencyKey })
  .strict();

/** Sending days and hours `[start_hour, end_hour)` in an IANA time zone; days kept in week order. */
export const sendingWindow = z
  .object({
    timezone: ianaTimeZone(64),
    days: z
      .array(z.enum(schema.WEEKDAYS))
      .min(1, "needs at least one day")
      .refine((days) => new Set(days).size === days.length, "must not repeat a day")
      .transform((days) => schema.WEEKDAYS.filter((d) => days.includes(d))),
    start_hour: z.number().int().min(0).max(23),
    end_hour: z.number().int().min(1).max(24),
  })
  .strict()
  .refine((w) => w.start_hour < w.end_hour, { path: ["end_hour"], message: "must be after start_hour" });

/** Sending settings the engine reads; null clears the window (any time) or the daily limit (none). */
const sendingSettings = {
  sendingWindow: sendingWindow.nullable().optional(),
  dailyLimit: z.number().int().min(1).max(1_000_000).nullable().optional(),
  stopOnReply: z.boolean().optional(),
  trackOpens: z.boolean().optional(),
  trackClicks: z.boolean().optional(),
};

export const updateCampaignInput = z
  .object({
    id,
    name: campaignName.optional(),
    description: description.optional(),
    ...sendingSettings,
    expectedUpdated,
  })
  .strict();

export const scheduleCampaignInput = z.object({ id, at: z.date().meta({ format: "date-time" }) }).strict();

export const previewCampaignInput = z.object({ id, leadId: id }).strict();

export const recordStepExecutionInput = z.object({ campaignId: id, stepId: id }).strict();

export const STEP_TYPES = ["email", "wait", "condition"] as const;

/** One line of plain text: headers can't carry newlines (a newline would inject a header). */
const headerText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "is required (send null to clear it)")
    .max(max)
    .refine((value) => !/[\r\n]/.test(value), "must be a single line");

const sendCondition = z
  .string()
  .max(MAX_SEND_CONDITION_LENGTH)
  .superRefine((value, ctx) => {
    const parsed = parseSendCondition(value);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: `is not a valid send condition: ${parsed.problem}` });
  });

/**
 * Fields of a step. Which ones a step type needs is checked at launch, not here, so a draft
 * can be saved half-done; values are checked as soon as they are given.
 */
const stepFields = {
  emailAccountId: id.nullable().optional(),
  templateId: id.nullable().optional(),
  /** Replaces the template's subject; same template language. */
  subjectOverride: headerText(500).nullable().optional(),
  fromNameOverride: headerText(100).nullable().optional(),
  waitDurationHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .nullable()
    .optional(),
  waitUntilDate: z.date().meta({ format: "date-time" }).nullable().optional(),
  conditionType: z.string().trim().min(1).max(50).nullable().optional(),
  conditionValue: z.string().trim().min(1).max(100).nullable().optional(),
  sendCondition: sendCondition.nullable().optional(),
  isActive: z.boolean().optional(),
};

export const listStepsInput = z.object({ campaignId: id }).strict();

export const addStepInput = z
  .object({
    campaignId: id,
    stepType: z.enum(STEP_TYPES),
    /** 1-based; the step goes there and later steps move down. Absent: appended. */
    position: z.number().int().min(1).optional(),
    ...stepFields,
  })
  .strict();

export const updateStepInput = z.object({ campaignId: id, id, ...stepFields }).strict();

export const stepIdInput = z.object({ campaignId: id, id }).strict();

export const reorderStepsInput = z.object({ campaignId: id, stepIds: z.array(id).min(1).max(1000) }).strict();

/** A sending window as stored (already normalised by `sendingWindow`). */
const sendingWindowOutput = z.object({
  timezone: z.string(),
  days: z.array(z.enum(schema.WEEKDAYS)),
  start_hour: z.number().int(),
  end_hour: z.number().int(),
});

/** A campaign as every procedure answers it: `campaignColumns` of the query module. */
export const campaignOutput = z.object({
  id: z.string(),
  companyId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: z.string().meta({ description: CAMPAIGN_STATUSES.join(" | ") }),
  scheduled: timestamp.nullable(),
  launched: timestamp.nullable(),
  completed: timestamp.nullable(),
  sendingWindow: sendingWindowOutput.nullable(),
  dailyLimit: z.number().int().nullable(),
  stopOnReply: z.boolean(),
  trackOpens: z.boolean(),
  trackClicks: z.boolean(),
  created: timestamp,
  updated: timestamp,
});

export const campaignPageOutput = pageOf(campaignOutput);
export const deletedCampaignOutput = deletedOutput;

/** A step as every procedure answers it: `stepColumns` of the query module. */
export const stepOutput = z.object({
  id: z.string(),
  campaignId: z.string(),
  stepOrder: z.number().int(),
  stepType: z.string().meta({ description: STEP_TYPES.join(" | ") }),
  emailAccountId: z.string().nullable(),
  templateId: z.string().nullable(),
  subjectOverride: z.string().nullable(),
  fromNameOverride: z.string().nullable(),
  waitDurationHours: z.number().int().nullable(),
  waitUntilDate: timestamp.nullable(),
  conditionType: z.string().nullable(),
  conditionValue: z.string().nullable(),
  sendCondition: z.string().nullable(),
  isActive: z.boolean(),
  executedCount: z.number().int(),
  lastExecuted: timestamp.nullable(),
  created: timestamp,
  updated: timestamp,
});

/** In a listing, with the names a person reads: the template's and the mailbox's address. */
export const listedStepOutput = stepOutput.extend({
  templateName: z.string().nullable(),
  emailAccountEmail: z.string().nullable(),
});
export const stepListOutput = z.array(listedStepOutput);
export const deletedStepOutput = deletedOutput;

export const campaignWithStepsOutput = campaignOutput.extend({ steps: stepListOutput });

const count = z.number().int();
const messageCounts = {
  bounced: count,
  clicked: count,
  failed: count,
  opened: count,
  replied: count,
  sent: count,
  unsubscribed: count,
};

/** `campaigns.stats` (services/campaigns/stats.ts). */
export const campaignStatsOutput = z.object({
  totals: z.object({ ...messageCounts, queued: count }),
  steps: z.array(z.object({ stepId: z.string(), stepOrder: count, stepType: z.string(), ...messageCounts })),
  enrollments: z.object({
    active: count,
    bounced: count,
    failed: count,
    finished: count,
    paused: count,
    replied: count,
    unsubscribed: count,
  }),
  lastErrors: z.array(z.object({ error: z.string(), count })),
});

const previewedStep = z.object({
  stepId: z.string(),
  stepOrder: count,
  isActive: z.boolean(),
  fromName: z.string().nullable(),
  emailAccountEmail: z.string().nullable(),
});

/** `campaigns.preview`: each email step rendered for the lead, in order; a step without a template yet has null text. */
export const campaignPreviewOutput = z.array(
  z.union([
    previewedStep.extend({ subject: z.string(), content: z.string() }),
    previewedStep.extend({ subject: z.null(), content: z.null() }),
  ]),
);
