import type { TRPCRouterRecord } from "@trpc/server";
import { updateTenantPoliciesInput } from "../schemas/tenant-policies.js";
import { getPolicies, updatePolicies } from "../services/tenants/policies.js";
import { tenantProcedure } from "../trpc.js";

export const tenantPoliciesRouter = {
  get: tenantProcedure("read").query(({ ctx }) => getPolicies(ctx.db, ctx.tenant.id)),

  update: tenantProcedure("setup")
    .input(updateTenantPoliciesInput)
    .mutation(({ ctx, input: { expectedUpdated, ...patch } }) =>
      updatePolicies(ctx.db, { tenantId: ctx.tenant.id, patch, expectedUpdated }),
    ),
} satisfies TRPCRouterRecord;
