import { getCompany } from "@outbound/db/queries/companies";
import { listDomains } from "@outbound/db/queries/domains";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notFound } from "../errors.js";
import { id } from "../schemas/common.js";
import { createDomainInput, listDomainsInput, updateDomainInput } from "../schemas/domains.js";
import { createDomain, deleteDomain, getDomainWithIp, setPrimaryDomain, updateDomain } from "../services/domains.js";
import { verifyDomain } from "../services/domains-verify.js";
import { tenantProcedure } from "../trpc.js";

const byId = z.object({ id }).strict();

/**
 * Sending domains. `dnsRecords` lists what the customer publishes, with each record's last
 * verification result; it never holds the DKIM private key, which lives in the secret store.
 */
export const domainsRouter = {
  /** Filtering by a company that is not the tenant's is NOT_FOUND, like reading it. */
  list: tenantProcedure("read")
    .input(listDomainsInput.default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      if (input.companyId && !(await getCompany(ctx.db, { tenantId: ctx.tenant.id, id: input.companyId }))) {
        throw notFound("Company");
      }
      return listDomains(ctx.db, { tenantId: ctx.tenant.id, ...input });
    }),

  /** Also `ipAssignment`: the active sending IP's address and warmup state, or null. */
  get: tenantProcedure("read")
    .input(byId)
    .query(({ ctx, input }) => getDomainWithIp(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),

  /** Generates ownership, SPF, DKIM (fresh RSA-2048), DMARC and MX records; counts against `max_domains`. */
  create: tenantProcedure("setup")
    .input(createDomainInput)
    .mutation(({ ctx, input }) => createDomain(ctx.deps, { tenantId: ctx.tenant.id, ...input })),

  /** Changing `mailuDomain` regenerates the MX record. */
  update: tenantProcedure("setup")
    .input(updateDomainInput)
    .mutation(({ ctx, input }) => updateDomain(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** CONFLICT with `details.blockers` while email accounts use it or a sending IP is assigned to it. */
  delete: tenantProcedure("setup")
    .input(byId)
    .mutation(({ ctx, input }) => deleteDomain(ctx.deps, { tenantId: ctx.tenant.id, id: input.id })),

  setPrimary: tenantProcedure("setup")
    .input(byId)
    .mutation(({ ctx, input }) => setPrimaryDomain(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),

  /** Real DNS lookups; a DNS server that can't be asked is reported in `dnsVerificationError`, not thrown. */
  verify: tenantProcedure("setup")
    .input(byId)
    .mutation(({ ctx, input }) => verifyDomain(ctx.deps, { tenantId: ctx.tenant.id, id: input.id })),
} satisfies TRPCRouterRecord;
