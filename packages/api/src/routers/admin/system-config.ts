import type { TRPCRouterRecord } from "@trpc/server";
import { configKeyInput, listSystemConfigInput, setSystemConfigInput } from "../../schemas/system-config.js";
import { deleteSetting, getSetting, listSettings, setSetting } from "../../services/staff/system-config.js";
import { staffProcedure } from "../../trpc.js";

/** Platform settings (`system_config`); values of sensitive keys come back redacted without `config:secrets`. */
export const adminSystemConfigRouter = {
  list: staffProcedure("config:read")
    .input(listSystemConfigInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listSettings(ctx.db, ctx.staff, input)),

  get: staffProcedure("config:read")
    .input(configKeyInput)
    .query(({ ctx, input }) => getSetting(ctx.db, ctx.staff, input.key)),

  /** Upsert by key; `updatedBy` is the caller. */
  set: staffProcedure("config:write")
    .input(setSystemConfigInput)
    .mutation(({ ctx, input }) => setSetting(ctx.db, ctx.staff, input)),

  delete: staffProcedure("config:write")
    .input(configKeyInput)
    .mutation(({ ctx, input }) => deleteSetting(ctx.db, input.key)),
} satisfies TRPCRouterRecord;
