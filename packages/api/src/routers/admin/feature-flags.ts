import { deleteFeatureFlag, insertFeatureFlag, listFeatureFlags } from "@outbound/db/queries/feature-flags";
import type { TRPCRouterRecord } from "@trpc/server";
import { conflict, notFound } from "../../errors.js";
import { createFlagInput, flagIdInput, listFlagsInput, updateFlagInput } from "../../schemas/feature-flags.js";
import { getFlag, updateFlag } from "../../services/staff/feature-flags.js";
import { staffProcedure } from "../../trpc.js";

/** Feature flags: reading them is reading platform configuration (`config:read`); changing them needs `flags:write`. */
export const adminFeatureFlagsRouter = {
  list: staffProcedure("config:read")
    .input(listFlagsInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listFeatureFlags(ctx.db, input)),

  get: staffProcedure("config:read")
    .input(flagIdInput)
    .query(({ ctx, input }) => getFlag(ctx.db, input.id)),

  /** The unique key makes creating twice a CONFLICT, which is why no idempotency key is taken. */
  create: staffProcedure("flags:write")
    .input(createFlagInput)
    .mutation(async ({ ctx, input }) => {
      const flag = await insertFeatureFlag(ctx.db, { ...input, updatedBy: ctx.staff.userId });
      if (!flag) throw conflict(`A feature flag with key ${input.key} already exists`);
      return flag;
    }),

  update: staffProcedure("flags:write")
    .input(updateFlagInput)
    .mutation(({ ctx, input }) => updateFlag(ctx.db, { ...input, updatedBy: ctx.staff.userId })),

  delete: staffProcedure("flags:write")
    .input(flagIdInput)
    .mutation(async ({ ctx, input }) => {
      if (!(await deleteFeatureFlag(ctx.db, input.id))) throw notFound("Feature flag");
      return { id: input.id };
    }),
} satisfies TRPCRouterRecord;
