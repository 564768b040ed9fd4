import { isIP } from "node:net";
import { z } from "zod";
import { expectedUpdated, id, idempotencyKey, listInput } from "./common.js";

/** An IPv4 or IPv6 address, stored lowercase so the unique index sees one spelling of each hex address. */
export const ipAddress = z
  .string()
  .trim()
  .max(45)
  .refine((value) => isIP(value) !== 0, "must be an IPv4 or IPv6 address")
  .transform((value) => value.toLowerCase());

/** `numeric(12,2)` as an exact decimal string: no float ever touches money. */
export const moneyAmount = z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, "must be a decimal amount such as '12.50'");

export const VPS_STATUSES = ["active", "provisioning", "maintenance", "decommissioning", "decommissioned"] as const;
export const vpsStatus = z.enum(VPS_STATUSES);

/** Hostwinds' id of the instance, unique. Not called `…Id`: ids in our inputs name our own rows. */
const hostwindsInstanceId = z.string().trim().min(1).max(255);
const region = z.string().trim().min(1).max(50);
const billingDay = z.number().int().min(1).max(31);

export const listVpsInput = listInput.extend({ status: vpsStatus.optional(), region: region.optional() }).strict();

export const vpsIdInput = z.object({ id }).strict();

/** Billing period bounds come together: a period is only meaningful with both ends, start before end. */
const billingPeriodValid = (v: { currentBillingPeriodStart?: Date | null; currentBillingPeriodEnd?: Date | null }) =>
  !v.currentBillingPeriodStart || !v.currentBillingPeriodEnd || v.currentBillingPeriodStart < v.currentBillingPeriodEnd;
const periodIssue = { message: "must be after currentBillingPeriodStart", path: ["currentBillingPeriodEnd"] };

export const createVpsInput = z
  .object({
    hostwindsInstanceId,
    ipAddress,
    region,
    status: z.enum(["active", "provisioning", "maintenance"]).default("provisioning"),
    monthlyCost: moneyAmount,
    approximateCost: moneyAmount.optional(),
    hostwindsBillingDay: billingDay.optional(),
    currentBillingPeriodStart: z.date().optional(),
    currentBillingPeriodEnd: z.date().optional(),
    idempotencyKey,
  })
  .strict()
  .refine(billingPeriodValid, periodIssue);

/** `decommissioning` is only entered through `scheduleDecommission`, which checks the IPs' assignments. */
export const updateVpsInput = z
  .object({
    id,
    ipAddress: ipAddress.optional(),
    region: region.optional(),
    status: z.enum(["active", "provisioning", "maintenance", "decommissioned"]).optional(),
    monthlyCost: moneyAmount.optional(),
    approximateCost: moneyAmount.nullable().optional(),
    hostwindsBillingDay: billingDay.nullable().optional(),
    currentBillingPeriodStart: z.date().nullable().optional(),
    currentBillingPeriodEnd: z.date().nullable().optional(),
    expectedUpdated,
  })
  .strict()
  .refine(billingPeriodValid, periodIssue);

export const scheduleDecommissionInput = z.object({ id, at: z.date(), force: z.boolean().default(false) }).strict();

export const SMTP_IP_STATUSES = ["active", "paused", "retired"] as const;
export const REPUTATION_STATES = ["good", "neutral", "poor", "blocked"] as const;

export const listSmtpIpsInput = listInput
  .extend({
    vpsInstanceId: id.optional(),
    status: z.enum(SMTP_IP_STATUSES).optional(),
    reputationState: z.enum(REPUTATION_STATES).optional(),
  })
  .strict();

export const smtpIpIdInput = z.object({ id }).strict();

export const createSmtpIpInput = z
  .object({
    vpsInstanceId: id,
    ipAddress,
    status: z.enum(SMTP_IP_STATUSES).optional(),
    approximateCost: moneyAmount.optional(),
    idempotencyKey,
  })
  .strict();

export const updateSmtpIpInput = z
  .object({
    id,
    status: z.enum(SMTP_IP_STATUSES).optional(),
    approximateCost: moneyAmount.nullable().optional(),
    expectedUpdated,
  })
  .strict();

export const recordReputationInput = z
  .object({
    id,
    reputationState: z.enum(REPUTATION_STATES),
    providerBlacklistStatus: z.record(z.string().trim().min(1).max(100), z.boolean()),
  })
  .strict();

export const WARMUP_STATES = ["new", "warming", "warm", "paused"] as const;
export type WarmupState = (typeof WARMUP_STATES)[number];

/** Filtering by a domain needs its tenant: staff address tenant rows by (tenantId, id). */
export const listAssignmentsInput = listInput
  .extend({
    tenantId: id.optional(),
    domainId: id.optional(),
    smtpIpAddressId: id.optional(),
    status: z.enum(["active", "released"]).optional(),
  })
  .strict()
  .refine((v) => !v.domainId || v.tenantId, { message: "requires tenantId", path: ["domainId"] });

export const assignIpInput = z.object({ tenantId: id, domainId: id }).strict();

export const releaseAssignmentInput = z.object({ tenantId: id, id }).strict();

export const updateWarmupInput = z
  .object({
    tenantId: id,
    id,
    warmupState: z.enum(WARMUP_STATES),
    lastSent: z.date().optional(),
    expires: z.date().nullable().optional(),
    expectedUpdated,
  })
  .strict();
