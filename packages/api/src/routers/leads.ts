import { createLead, deleteLead, getLead, listLeads } from "@outbound/db/queries/leads";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../errors.js";
import { rest } from "../rest.js";
import { importLeadsInput, importLeadsOutput } from "../schemas/lead-import.js";
import {
  createLeadInput,
  deletedLeadOutput,
  leadIdInput,
  leadOutput,
  leadPageOutput,
  listLeadsInput,
  setLeadStatusInput,
  updateLeadInput,
} from "../schemas/leads.js";
import { importLeads } from "../services/leads/import.js";
import { updateLeadById } from "../services/leads/leads.js";
import { withinLimit } from "../services/quotas/limits.js";
import { idempotent, tenantProcedure } from "../trpc.js";

export const leadsRouter = {
  /** Newest first; `search` matches a substring of email, name or company, case-insensitively. */
  list: tenantProcedure("read")
    .meta(rest("GET", "/leads", "leads", "List leads"))
    .input(listLeadsInput.default({ limit: 50 }))
    .output(leadPageOutput)
    .query(({ ctx, input }) => listLeads(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  get: tenantProcedure("read")
    .meta(rest("GET", "/leads/{id}", "leads", "Get a lead"))
    .input(leadIdInput)
    .output(leadOutput)
    .query(async ({ ctx, input }) => {
      const lead = await getLead(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      if (!lead) throw notFound("Lead");
      return lead;
    }),

  create: tenantProcedure("content")
    .meta(rest("POST", "/leads", "leads", "Create a lead"))
    .input(createLeadInput)
    .use(idempotent)
    .output(leadOutput)
    .mutation(({ ctx, input }) =>
      ctx.once((db) =>
        withinLimit(db, { tenantId: ctx.tenant.id, limit: "max_contacts", now: ctx.deps.clock.now() }, (tx) =>
          createLead(tx, { tenantId: ctx.tenant.id, ...input }),
        ),
      ),
    ),

  /** Absent fields stay; null clears name or company; a new email must be free in the tenant (CONFLICT). */
  update: tenantProcedure("content")
    .meta(rest("PATCH", "/leads/{id}", "leads", "Update a lead"))
    .input(updateLeadInput)
    .output(leadOutput)
    .mutation(({ ctx, input: { id, expectedUpdated, ...patch } }) =>
      updateLeadById(ctx.db, { tenantId: ctx.tenant.id, id, patch, expectedUpdated }),
    ),

  setStatus: tenantProcedure("content")
    .input(setLeadStatusInput)
    .output(leadOutput)
    .mutation(({ ctx, input: { id, status } }) =>
      updateLeadById(ctx.db, { tenantId: ctx.tenant.id, id, patch: { status } }),
    ),

  delete: tenantProcedure("content")
    .meta(rest("DELETE", "/leads/{id}", "leads", "Delete a lead"))
    .input(leadIdInput)
    .output(deletedLeadOutput)
    .mutation(async ({ ctx, input }) => {
      const deleted = await deleteLead(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      if (!deleted) throw notFound("Lead");
      return deleted;
    }),

  /**
   * Up to 10 000 rows in one transaction; see services/leads/import.ts for duplicates, invalid
   * rows, `atomic` and the `max_contacts` check. Returns `{ inserted, updated, skipped, invalid }`.
   */
  import: tenantProcedure("content")
    .meta(rest("POST", "/leads/import", "leads", "Import leads (up to 10 000 rows)"))
    .input(importLeadsInput)
    .use(idempotent)
    .output(importLeadsOutput)
    .mutation(({ ctx, input }) =>
      importLeads(ctx.once, { tenantId: ctx.tenant.id, now: ctx.deps.clock.now(), ...input }),
    ),
} satisfies TRPCRouterRecord;
