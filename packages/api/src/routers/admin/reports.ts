import type { TRPCRouterRecord } from "@trpc/server";
import { costAttributionInput } from "../../schemas/reports.js";
import { costAttributionReport } from "../../services/staff/cost-attribution.js";
import { staffProcedure } from "../../trpc.js";

/** Business reports over every tenant; money in integer cents. */
export const adminReportsRouter = {
  /** Per tenant: IP and VPS cost attributed for the month, plan + add-on revenue, margin; and totals. */
  costAttribution: staffProcedure("reports:read")
    .input(costAttributionInput)
    .query(({ ctx, input }) => costAttributionReport(ctx.db, input.month)),
} satisfies TRPCRouterRecord;
