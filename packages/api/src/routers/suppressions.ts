import { deleteSuppression, listSuppressions } from "@outbound/db/queries/suppressions";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../errors.js";
import { rest } from "../rest.js";
import {
  addedSuppressionOutput,
  addSuppressionInput,
  listSuppressionsInput,
  suppressionIdInput,
  suppressionOutput,
  suppressionPageOutput,
} from "../schemas/suppressions.js";
import { addSuppression } from "../services/outreach/suppressions.js";
import { idempotent, tenantProcedure } from "../trpc.js";

/** The tenant's do-not-contact list: addresses and whole `@domain`s the engine never sends to. */
export const suppressionsRouter = {
  /** Newest first; `search` matches a substring of the value. */
  list: tenantProcedure("read")
    .meta(rest("GET", "/suppressions", "suppressions", "List suppressed addresses and domains"))
    .input(listSuppressionsInput.default({ limit: 50 }))
    .output(suppressionPageOutput)
    .query(({ ctx, input }) => listSuppressions(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /**
   * Members manage the list (content level). An existing value returns its row with
   * `alreadySuppressed: true`, not an error; `enrollmentsEnded` counts the enrollments it stopped.
   */
  add: tenantProcedure("content")
    .meta(rest("POST", "/suppressions", "suppressions", "Suppress an address or @domain"))
    .input(addSuppressionInput)
    .use(idempotent)
    .output(addedSuppressionOutput)
    .mutation(({ ctx, input }) =>
      addSuppression(ctx.once, { tenantId: ctx.tenant.id, ...input, now: ctx.deps.clock.now() }),
    ),

  /** Enrollments it ended stay ended; new enrollments of the address are allowed again. */
  remove: tenantProcedure("content")
    .meta(rest("DELETE", "/suppressions/{id}", "suppressions", "Remove a suppression"))
    .input(suppressionIdInput)
    .output(suppressionOutput)
    .mutation(async ({ ctx, input }) => {
      const removed = await deleteSuppression(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      if (!removed) throw notFound("Suppression");
      return removed;
    }),
} satisfies TRPCRouterRecord;
