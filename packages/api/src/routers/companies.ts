import { getCompany, listCompanies } from "@outbound/db/queries/companies";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notFound } from "../errors.js";
import { rest } from "../rest.js";
import { id } from "../schemas/common.js";
import {
  companyOutput,
  companyPageOutput,
  createCompanyInput,
  listCompaniesInput,
  updateCompanyInput,
} from "../schemas/companies.js";
import { createCompany, deleteCompany, updateCompany } from "../services/tenants/companies.js";
import { idempotent, tenantProcedure } from "../trpc.js";

/** Companies are the workspaces of a tenant; `workspaceName` is unique across all tenants. */
export const companiesRouter = {
  list: tenantProcedure("read")
    .meta(rest("GET", "/companies", "companies", "List companies"))
    .input(listCompaniesInput.default({ limit: 50 }))
    .output(companyPageOutput)
    .query(({ ctx, input }) => listCompanies(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  get: tenantProcedure("read")
    .meta(rest("GET", "/companies/{id}", "companies", "Get a company"))
    .input(z.object({ id }).strict())
    .output(companyOutput)
    .query(async ({ ctx, input }) => {
      const company = await getCompany(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      if (!company) throw notFound("Company");
      return company;
    }),

  /** CONFLICT when the workspace name is taken (by any tenant); status defaults to the tenant policy. */
  create: tenantProcedure("setup")
    .meta(rest("POST", "/companies", "companies", "Create a company"))
    .input(createCompanyInput)
    .use(idempotent)
    .output(companyOutput)
    .mutation(({ ctx, input }) => createCompany(ctx.once, { tenantId: ctx.tenant.id, ...input })),

  update: tenantProcedure("setup")
    .meta(rest("PATCH", "/companies/{id}", "companies", "Update a company"))
    .input(updateCompanyInput)
    .output(companyOutput)
    .mutation(({ ctx, input: { id, expectedUpdated, ...patch } }) =>
      updateCompany(ctx.db, { tenantId: ctx.tenant.id, id, patch, expectedUpdated }),
    ),

  /** CONFLICT with `details.blockers` while domains or campaigns belong to it; answers the deleted company. */
  delete: tenantProcedure("setup")
    .meta(rest("DELETE", "/companies/{id}", "companies", "Delete a company"))
    .input(z.object({ id }).strict())
    .output(companyOutput)
    .mutation(({ ctx, input }) => deleteCompany(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),
} satisfies TRPCRouterRecord;
