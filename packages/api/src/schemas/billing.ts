import { z } from "zod";
import { ADDON_CATALOG, type AddonType, PLAN_LIMIT_NAMES } from "../domain/plan-limits.js";
import { id, idempotencyKey, listInput } from "./common.js";

const planSlug = z.string().trim().min(1).max(100);
const addonType = z.enum(Object.keys(ADDON_CATALOG) as [AddonType, ...AddonType[]]);

export const subscribeInput = z
  .object({
    planSlug,
    interval: z.enum(["month", "year"]).default("month"),
    /** Who receives billing mail; must be a member of the tenant. Defaults to the caller. */
    billingContactUserId: id.optional(),
    idempotencyKey,
  })
  .strict();

export const changePlanInput = z.object({ planSlug }).strict();

export const setBillingContactInput = z.object({ userId: id }).strict();

export const addAddonInput = z
  .object({ type: addonType, quantity: z.number().int().min(1).max(1_000_000), idempotencyKey })
  .strict();

export const removeAddonInput = z.object({ id }).strict();

export const listPaymentsInput = listInput.strict();

const cents = z.number().int().min(0).max(100_000_000);
const quota = z.number().int().min(0).max(2_000_000_000);
const stripePrice = z.string().trim().min(1).max(255).nullable();

const planFields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).nullable(),
  maxUsers: quota,
  maxDomains: quota,
  maxCampaignsPerMonth: quota,
  apiRateLimit: quota,
  maxEmailAccounts: quota,
  maxEmailsPerMonth: quota,
  maxWarmups: quota,
  maxContacts: quota,
  maxStorageGb: quota,
  apiAccess: z.boolean(),
  prioritySupport: z.boolean(),
  advancedAnalytics: z.boolean(),
  whiteLabel: z.boolean(),
  /** Integer cents. */
  priceMonthly: cents,
  /** Integer cents. */
  priceYearly: cents,
  notes: z.string().trim().max(2000).nullable(),
  /** Stripe price ids per interval (`plans.stripe_price_monthly_id`, `..._yearly_id`); null clears one. */
  stripePrices: z.object({ month: stripePrice.optional(), year: stripePrice.optional() }).strict(),
};

export const createPlanInput = z
  .object({
    ...planFields,
    slug: z
      .string()
      .trim()
      .max(100)
      .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be a lowercase slug such as 'growth-plus'"),
    description: planFields.description.optional(),
    notes: planFields.notes.optional(),
    stripePrices: planFields.stripePrices.optional(),
    apiAccess: z.boolean().default(false),
    prioritySupport: z.boolean().default(false),
    advancedAnalytics: z.boolean().default(false),
    whiteLabel: z.boolean().default(false),
  })
  .strict();

export const updatePlanInput = z.object(planFields).partial().extend({ id }).strict();

export const planIdInput = z.object({ id }).strict();

/** `billing.usage`: every plan limit, used against allowed (plan plus add-ons). */
export const usageOutput = z.object({
  plan: z.object({ id: z.string(), slug: z.string() }).nullable(),
  limits: z.array(z.object({ limit: z.enum(PLAN_LIMIT_NAMES), used: z.number(), allowed: z.number() })),
});
