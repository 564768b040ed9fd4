import { getLiveTenant } from "@outbound/db/queries/tenants";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../errors.js";
import { deleteTenantInput, listTenantsInput, updateTenantInput } from "../schemas/tenants.js";
import { deleteTenant, listMyTenants, updateTenant } from "../services/tenants/tenants.js";
import { authedProcedure, tenantProcedure } from "../trpc.js";

export const tenantsRouter = {
  /** The tenant the credential acts in, with the caller's roles there. */
  current: tenantProcedure("read").query(async ({ ctx }) => {
    const tenant = await getLiveTenant(ctx.db, ctx.tenant.id);
    if (!tenant) throw notFound("Tenant");
    return { ...tenant, roles: [...ctx.principal.roles] };
  }),

  /** Any credential: a user's live tenants, or an API key's own tenant. */
  list: authedProcedure
    .input(listTenantsInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listMyTenants(ctx.db, ctx.principal, input)),

  update: tenantProcedure("setup")
    .input(updateTenantInput)
    .mutation(({ ctx, input }) => updateTenant(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Owner only; soft, and needs the tenant's exact name in `confirmName`. */
  delete: tenantProcedure("owner")
    .input(deleteTenantInput)
    .mutation(({ ctx, input }) => deleteTenant(ctx.db, { tenantId: ctx.tenant.id, confirmName: input.confirmName })),
} satisfies TRPCRouterRecord;
