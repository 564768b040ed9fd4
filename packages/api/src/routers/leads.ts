import { createLead, getLead, listLeads } from "@outbound/db/queries/leads";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { notFound } from "../errors.js";
import { id } from "../schemas/common.js";
import { createLeadInput, listLeadsInput } from "../schemas/leads.js";
import { runIdempotent } from "../services/idempotency.js";
import { tenantProcedure } from "../trpc.js";

export const leadsRouter = {
  list: tenantProcedure("read")
    .input(listLeadsInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listLeads(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  get: tenantProcedure("read")
    .input(z.object({ id }).strict())
    .query(async ({ ctx, input }) => {
      const lead = await getLead(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      if (!lead) throw notFound("Lead");
      return lead;
    }),

  create: tenantProcedure("content")
    .input(createLeadInput)
    .mutation(({ ctx, input: { idempotencyKey, ...lead } }) =>
      runIdempotent({
        db: ctx.db,
        tenantId: ctx.tenant.id,
        path: "leads.create",
        key: idempotencyKey,
        input: lead,
        run: (db) => createLead(db, { tenantId: ctx.tenant.id, ...lead }),
      }),
    ),
} satisfies TRPCRouterRecord;
