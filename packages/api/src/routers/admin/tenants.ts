import { listTenantsForStaff } from "@outbound/db/queries/admin-tenants";
import { toPage } from "@outbound/db/queries/pagination";
import type { TRPCRouterRecord } from "@trpc/server";
import { listTenantsInput, suspendTenantInput, tenantIdInput } from "../../schemas/admin-tenants.js";
import { getTenantOverview, setSuspension } from "../../services/staff/tenants.js";
import { staffProcedure } from "../../trpc.js";

/** Every tenant, across the platform. Suspension refuses all of the tenant's callers with FORBIDDEN. */
export const adminTenantsRouter = {
  /** Newest first; `search` matches part of the name, `plan` the current subscription's plan slug. */
  list: staffProcedure("tenants:read")
    .input(listTenantsInput.default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      const { plan, ...rest } = input;
      return toPage(await listTenantsForStaff(ctx.db, { ...rest, planSlug: plan }), input.limit);
    }),

  /** The tenant (deleted ones too), its current subscription and plan, quotas and counts, live members. */
  get: staffProcedure("tenants:read")
    .input(tenantIdInput)
    .query(({ ctx, input }) => getTenantOverview(ctx.db, input.tenantId)),

  /** Suspending a suspended tenant replaces the reason and keeps the original time. */
  suspend: staffProcedure("tenants:write")
    .input(suspendTenantInput)
    .mutation(({ ctx, input }) => setSuspension(ctx.db, input)),

  restore: staffProcedure("tenants:write")
    .input(tenantIdInput)
    .mutation(({ ctx, input }) => setSuspension(ctx.db, { tenantId: input.tenantId, reason: null })),
} satisfies TRPCRouterRecord;
