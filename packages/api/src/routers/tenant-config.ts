import type { TRPCRouterRecord } from "@trpc/server";
import { updateTenantConfigInput } from "../schemas/tenant-config.js";
import { getConfig, updateConfig } from "../services/tenants/config.js";
import { tenantProcedure } from "../trpc.js";

export const tenantConfigRouter = {
  get: tenantProcedure("read").query(({ ctx }) => getConfig(ctx.db, ctx.tenant.id)),

  update: tenantProcedure("setup")
    .input(updateTenantConfigInput)
    .mutation(({ ctx, input: { expectedUpdated, ...patch } }) =>
      updateConfig(ctx.db, { tenantId: ctx.tenant.id, patch, expectedUpdated }),
    ),
} satisfies TRPCRouterRecord;
