import { deleteSuppression, listSuppressions } from "@outbound/db/queries/suppressions";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../errors.js";
import { addSuppressionInput, listSuppressionsInput, suppressionIdInput } from "../schemas/suppressions.js";
import { addSuppression } from "../services/suppressions.js";
import { tenantProcedure } from "../trpc.js";

/** The tenant's do-not-contact list: addresses and whole `@domain`s the engine never sends to. */
export const suppressionsRouter = {
  /** Newest first; `search` matches a substring of the value. */
  list: tenantProcedure("read")
    .input(listSuppressionsInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listSuppressions(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /**
   * Members manage the list (content level). An existing value returns its row with
   * `alreadySuppressed: true`, not an error; `enrollmentsEnded` counts the enrollments it stopped.
   */
  add: tenantProcedure("content")
    .input(addSuppressionInput)
    .mutation(({ ctx, input }) =>
      addSuppression(ctx.db, { tenantId: ctx.tenant.id, ...input, now: ctx.deps.clock.now() }),
    ),

  /** Enrollments it ended stay ended; new enrollments of the address are allowed again. */
  remove: tenantProcedure("content")
    .input(suppressionIdInput)
    .mutation(async ({ ctx, input }) => {
      const removed = await deleteSuppression(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      if (!removed) throw notFound("Suppression");
      return removed;
    }),
} satisfies TRPCRouterRecord;
