import type { TRPCRouterRecord } from "@trpc/server";
import { evaluateFlagsInput } from "../schemas/feature-flags.js";
import { evaluateForTenant } from "../services/staff/feature-flags.js";
import { tenantProcedure } from "../trpc.js";

/** Tenant-facing flag checks; a tenant sees only on/off for itself, never rollout settings. */
export const featureFlagsRouter = {
  /** `{ [key]: boolean }` for the given keys (unknown keys are false) or for every flag. */
  evaluate: tenantProcedure("read")
    .input(evaluateFlagsInput.default({}))
    .query(({ ctx, input }) => evaluateForTenant(ctx.db, ctx.tenant.id, input.keys)),
} satisfies TRPCRouterRecord;
