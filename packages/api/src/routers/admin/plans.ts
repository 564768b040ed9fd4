import { insertPlan, updatePlan } from "@outbound/db/queries/plans";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../../errors.js";
import { createPlanInput, planIdInput, updatePlanInput } from "../../schemas/billing.js";
import { staffProcedure } from "../../trpc.js";

/** Only the intervals named are set; null clears one. */
function priceIds(prices: { month?: string | null | undefined; year?: string | null | undefined } | undefined) {
  return {
    ...(prices?.month !== undefined ? { stripePriceMonthlyId: prices.month } : {}),
    ...(prices?.year !== undefined ? { stripePriceYearlyId: prices.year } : {}),
  };
}

/** The plan catalogue (`plans`); prices in integer cents. Plans are deactivated, never deleted: subscriptions keep them. */
export const adminPlansRouter = {
  /** A taken slug is CONFLICT. */
  create: staffProcedure("billing:write")
    .input(createPlanInput)
    .mutation(({ ctx, input: { stripePrices, ...plan } }) =>
      insertPlan(ctx.db, { ...plan, ...priceIds(stripePrices) }),
    ),

  /** Limits and prices apply to every subscription on the plan; the slug never changes. */
  update: staffProcedure("billing:write")
    .input(updatePlanInput)
    .mutation(async ({ ctx, input: { id, stripePrices, ...patch } }) => {
      const plan = await updatePlan(ctx.db, id, { ...patch, ...priceIds(stripePrices) });
      if (!plan) throw notFound("Plan");
      return plan;
    }),

  /** Hidden from `billing.plans` and closed to new subscriptions; current subscribers keep it. */
  deactivate: staffProcedure("billing:write")
    .input(planIdInput)
    .mutation(async ({ ctx, input }) => {
      const plan = await updatePlan(ctx.db, input.id, { isActive: false });
      if (!plan) throw notFound("Plan");
      return plan;
    }),
} satisfies TRPCRouterRecord;
