import { z } from "zod";
import { normalizeHostName } from "../domain/host-name.js";
import { expectedUpdated, id, idempotencyKey, listInput, pageOf, timestamp } from "./common.js";

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

/** A DNS record to publish, with what the last verification saw (`dnsRecords` holds only public values). */
const dnsRecordOutput = z.object({
  purpose: z.enum(["ownership", "spf", "dkim", "dmarc", "mx"]),
  type: z.enum(["TXT", "MX", "CNAME"]),
  host: z.string(),
  value: z.string(),
  priority: z.number().int().optional(),
  status: z.enum(["found", "missing", "wrong_value"]).optional(),
  seen: z.array(z.string()).optional(),
  checkedAt: z.string().meta({ format: "date-time" }).optional(),
});

/** A domain as every procedure answers it: `domainColumns` of the query module. */
export const domainOutput = z.object({
  id: z.string(),
  companyId: z.string(),
  domain: z.string(),
  mailuDomain: z.string().nullable(),
  isPrimary: z.boolean(),
  verificationStatus: z.string(),
  verified: timestamp.nullable(),
  dnsRecords: z.array(dnsRecordOutput),
  dnsTtlObserved: z.number().int().nullable(),
  dnsLastVerifiedAt: timestamp.nullable(),
  dnsVerificationError: z.string().nullable(),
  dnsVerificationAttempts: z.number().int(),
  created: timestamp,
  updated: timestamp,
});

export const domainPageOutput = pageOf(domainOutput);

/** `domains.get`: also the active sending IP's address and warmup state. */
export const domainWithIpOutput = domainOutput.extend({
  ipAssignment: z.object({ ipAddress: z.string(), warmupState: z.string() }).nullable(),
});
