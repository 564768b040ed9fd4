import { z } from "zod";
import { normalizeHostName } from "../services/dns/host-name.js";
import { expectedUpdated, id, idempotencyKey, listInput } from "./common.js";

export const VERIFICATION_STATUSES = ["pending", "verified", "partially_verified", "failed"] as const;

/** A DNS host name in its ASCII (IDNA) form, lower-case: `München.DE` becomes `xn--mnchen-3ya.de`. */
export const hostName = z
  .string()
  .max(1000)
  .transform((value, ctx) => {
    const result = normalizeHostName(value);
    if ("host" in result) return result.host;
    ctx.issues.push({ code: "custom", input: value, message: result.error });
    return z.NEVER;
  });

export const listDomainsInput = listInput
  .extend({ companyId: id.optional(), verificationStatus: z.enum(VERIFICATION_STATUSES).optional() })
  .strict();

export const createDomainInput = z
  .object({
    companyId: id,
    domain: hostName,
    /** The Mailu host receiving the domain's mail; MX points there (else at the platform's mail host). */
    mailuDomain: hostName.optional(),
    idempotencyKey,
  })
  .strict();

export const updateDomainInput = z
  .object({
    id,
    /** null goes back to the platform's mail host; either way the MX record is regenerated. */
    mailuDomain: hostName.nullable().optional(),
    expectedUpdated,
  })
  .strict();
