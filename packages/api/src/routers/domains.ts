import { getCompany } from "@outbound/db/queries/companies";
import { listDomains } from "@outbound/db/queries/domains";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notFound } from "../errors.js";
import { rest } from "../rest.js";
import { id } from "../schemas/common.js";
import {
  createDomainInput,
  domainOutput,
  domainPageOutput,
  domainWithIpOutput,
  listDomainsInput,
  updateDomainInput,
} from "../schemas/domains.js";
import {
  createDomain,
  deleteDomain,
  getDomainWithIp,
  setPrimaryDomain,
  updateDomain,
} from "../services/domains/domains.js";
import { verifyDomain } from "../services/domains/verify.js";
import { idempotent, tenantProcedure } from "../trpc.js";

const byId = z.object({ id }).strict();

/**
 * Sending domains. `dnsRecords` lists what the customer publishes, with each record's last
 * verification result; it never holds the DKIM private key, which lives in the secret store.
 */
export const domainsRouter = {
  /** Filtering by a company that is not the tenant's is NOT_FOUND, like reading it. */
  list: tenantProcedure("read")
    .meta(rest("GET", "/domains", "domains", "List domains"))
    .input(listDomainsInput.default({ limit: 50 }))
    .output(domainPageOutput)
    .query(async ({ ctx, input }) => {
      if (input.companyId && !(await getCompany(ctx.db, { tenantId: ctx.tenant.id, id: input.companyId }))) {
        throw notFound("Company");
      }
      return listDomains(ctx.db, { tenantId: ctx.tenant.id, ...input });
    }),

  /** Also `ipAssignment`: the active sending IP's address and warmup state, or null. */
  get: tenantProcedure("read")
    .meta(rest("GET", "/domains/{id}", "domains", "Get a domain with its sending IP"))
    .input(byId)
    .output(domainWithIpOutput)
    .query(({ ctx, input }) => getDomainWithIp(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),

  /** Generates ownership, SPF, DKIM (fresh RSA-2048), DMARC and MX records; counts against `max_domains`. */
  create: tenantProcedure("setup")
    .meta(rest("POST", "/domains", "domains", "Add a domain (generates the DNS records to publish)"))
    .input(createDomainInput)
    .use(idempotent)
    .output(domainOutput)
    .mutation(({ ctx, input }) =>
      createDomain(
        { secrets: ctx.deps.secrets, clock: ctx.deps.clock, once: ctx.once },
        { tenantId: ctx.tenant.id, ...input },
      ),
    ),

  /** Changing `mailuDomain` regenerates the MX record. */
  update: tenantProcedure("setup")
    .meta(rest("PATCH", "/domains/{id}", "domains", "Update a domain"))
    .input(updateDomainInput)
    .output(domainOutput)
    .mutation(({ ctx, input }) => updateDomain(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** CONFLICT with `details.blockers` while email accounts use it or a sending IP is assigned to it. */
  delete: tenantProcedure("setup")
    .meta(rest("DELETE", "/domains/{id}", "domains", "Delete a domain"))
    .input(byId)
    .output(domainOutput)
    .mutation(({ ctx, input }) => deleteDomain(ctx.deps, { tenantId: ctx.tenant.id, id: input.id })),

  /** The company's other domains stop being primary in the same transaction. */
  setPrimary: tenantProcedure("setup")
    .meta(rest("POST", "/domains/{id}/set-primary", "domains", "Make the domain its company's primary domain"))
    .input(byId)
    .output(domainOutput)
    .mutation(({ ctx, input }) => setPrimaryDomain(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),

  /** Real DNS lookups; a DNS server that can't be asked is reported in `dnsVerificationError`, not thrown. */
  verify: tenantProcedure("setup")
    .meta(rest("POST", "/domains/{id}/verify", "domains", "Check the domain's DNS records now"))
    .input(byId)
    .output(domainOutput)
    .mutation(({ ctx, input }) => verifyDomain(ctx.deps, { tenantId: ctx.tenant.id, id: input.id })),
} satisfies TRPCRouterRecord;
