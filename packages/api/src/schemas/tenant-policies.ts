import { schema } from "@outbound/db";
import { createUpdateSchema } from "drizzle-zod";
import { z } from "zod";
import { expectedUpdated } from "./common.js";

/** What `companies.status` can hold; a new company starts in the tenant's chosen one. */
export const COMPANY_STATUSES = ["active", "inactive", "suspended"] as const;

/**
 * A partial update of the tenant's policies. The floors keep sign-in safe (passwords of at least
 * 8 characters) and usable (a typo or two never locks an account); the ceilings keep a session
 * at most 30 days and a password rule one a person can meet.
 */
export const updateTenantPoliciesInput = createUpdateSchema(schema.tenantPolicies, {
  passwordMinLength: (s) => s.min(8).max(128),
  sessionTimeoutHours: (s) => s.min(1).max(720),
  maxLoginAttempts: (s) => s.min(3).max(20),
})
  .pick({
    passwordMinLength: true,
    passwordRequireUppercase: true,
    passwordRequireNumbers: true,
    passwordRequireSymbols: true,
    sessionTimeoutHours: true,
    maxLoginAttempts: true,
    twoFactorRequired: true,
    companyAllowMemberInvites: true,
    companyAutoApproveMembers: true,
    companyRequireEmailVerification: true,
  })
  .extend({ companyDefaultStatus: z.enum(COMPANY_STATUSES).optional(), expectedUpdated })
  .strict();
