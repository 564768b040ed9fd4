import { getCompany, listCompanies } from "@outbound/db/queries/companies";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notFound } from "../errors.js";
import { id } from "../schemas/common.js";
import { createCompanyInput, listCompaniesInput, updateCompanyInput } from "../schemas/companies.js";
import { createCompany, deleteCompany, updateCompany } from "../services/companies.js";
import { tenantProcedure } from "../trpc.js";

/** Companies are the workspaces of a tenant; `workspaceName` is unique across all tenants. */
export const companiesRouter = {
  list: tenantProcedure("read")
    .input(listCompaniesInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listCompanies(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  get: tenantProcedure("read")
    .input(z.object({ id }).strict())
    .query(async ({ ctx, input }) => {
      const company = await getCompany(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      if (!company) throw notFound("Company");
      return company;
    }),

  /** CONFLICT when the workspace name is taken (by any tenant); status defaults to the tenant policy. */
  create: tenantProcedure("setup")
    .input(createCompanyInput)
    .mutation(({ ctx, input }) => createCompany(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  update: tenantProcedure("setup")
    .input(updateCompanyInput)
    .mutation(({ ctx, input: { id, expectedUpdated, ...patch } }) =>
      updateCompany(ctx.db, { tenantId: ctx.tenant.id, id, patch, expectedUpdated }),
    ),

  /** CONFLICT with `details.blockers` while domains or campaigns belong to it; answers the deleted company. */
  delete: tenantProcedure("setup")
    .input(z.object({ id }).strict())
    .mutation(({ ctx, input }) => deleteCompany(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),
} satisfies TRPCRouterRecord;
