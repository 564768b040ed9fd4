import { z } from "zod";
import { expectedUpdated, id, idempotencyKey, listInput, pageOf, timestamp } from "./common.js";
import { COMPANY_STATUSES } from "./tenant-policies.js";
import { httpsUrl } from "./validators.js";

export const companyStatus = z.enum(COMPANY_STATUSES);

/**
 * A workspace name is globally unique and ends up in URLs and host names, so it follows DNS
 * label rules: 3..63 lowercase letters, digits and hyphens, no hyphen first or last. Input is
 * lower-cased first, so `Acme-Sales` and `acme-sales` are the same name.
 */
export const workspaceName = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "must be at least 3 characters")
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9-]+$/, "may contain only lowercase letters, digits and hyphens")
  .regex(/^[a-z0-9].*[a-z0-9]$/, "must not start or end with a hyphen");

const companyName = z.string().trim().min(1, "is required").max(100);
const logoUrl = httpsUrl(2048);

export const listCompaniesInput = listInput.extend({ status: companyStatus.optional() }).strict();

export const createCompanyInput = z
  .object({
    name: companyName,
    workspaceName,
    logoUrl: logoUrl.optional(),
    /** Defaults to the tenant policy `companyDefaultStatus`. */
    status: companyStatus.optional(),
    idempotencyKey,
  })
  .strict();

export const updateCompanyInput = z
  .object({
    id,
    name: companyName.optional(),
    workspaceName: workspaceName.optional(),
    /** null removes the logo. */
    logoUrl: logoUrl.nullable().optional(),
    status: companyStatus.optional(),
    expectedUpdated,
  })
  .strict();

/** A company as every procedure answers it: `companyColumns` of the query module. */
export const companyOutput = z.object({
  id: z.string(),
  name: z.string(),
  workspaceName: z.string(),
  logoUrl: z.string().nullable(),
  status: z.string().meta({ description: COMPANY_STATUSES.join(" | ") }),
  created: timestamp,
  updated: timestamp,
});

export const companyPageOutput = pageOf(companyOutput);
