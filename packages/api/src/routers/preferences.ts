import type { TRPCRouterRecord } from "@trpc/server";
import { updatePreferencesInput } from "../schemas/preferences.js";
import { getPreferences, preferencesOwner, updatePreferences } from "../services/tenants/preferences.js";
import { authedProcedure } from "../trpc.js";

/** The signed-in user's own settings, the same in every tenant; API keys are refused (no user). */
export const preferencesRouter = {
  get: authedProcedure.query(({ ctx }) => getPreferences(ctx.db, preferencesOwner(ctx.principal))),

  update: authedProcedure
    .input(updatePreferencesInput)
    .mutation(({ ctx, input: { expectedUpdated, ...patch } }) =>
      updatePreferences(ctx.db, { userId: preferencesOwner(ctx.principal), patch, expectedUpdated }),
    ),
} satisfies TRPCRouterRecord;
