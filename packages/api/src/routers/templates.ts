import type { TRPCRouterRecord } from "@trpc/server";
import { rest } from "../rest.js";
import {
  createTemplateInput,
  deletedTemplateOutput,
  duplicatedTemplateOutput,
  duplicateTemplateInput,
  listTemplatesInput,
  renderedTemplateOutput,
  renderTemplateInput,
  templateIdInput,
  templateOutput,
  templatePageOutput,
  templateWithLinksOutput,
  updateTemplateInput,
} from "../schemas/templates.js";
import {
  createTemplate,
  deleteTemplateById,
  duplicateTemplate,
  getTemplateWithLinks,
  listTemplatesFiltered,
  renderTemplateFor,
  updateTemplateById,
} from "../services/content/templates.js";
import { idempotent, tenantProcedure } from "../trpc.js";

/** Email templates; the language (`{{variables}}`, spintax) is described in services/content/template-render.ts. */
export const templatesRouter = {
  /** Newest first; `folderId` / `tagId` (the tenant's, else NOT_FOUND) keep the templates in that folder / with that tag. */
  list: tenantProcedure("read")
    .meta(rest("GET", "/templates", "templates", "List templates"))
    .input(listTemplatesInput.default({ limit: 50 }))
    .output(templatePageOutput)
    .query(({ ctx, input }) => listTemplatesFiltered(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** With `folderIds` and `tags` (`{ id, name, value }`). */
  get: tenantProcedure("read")
    .meta(rest("GET", "/templates/{id}", "templates", "Get a template with its folders and tags"))
    .input(templateIdInput)
    .output(templateWithLinksOutput)
    .query(({ ctx, input }) => getTemplateWithLinks(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),

  /** Subject and content must parse: unbalanced braces or a malformed variable are BAD_REQUEST by field. */
  create: tenantProcedure("content")
    .meta(rest("POST", "/templates", "templates", "Create a template"))
    .input(createTemplateInput)
    .use(idempotent)
    .output(templateOutput)
    .mutation(({ ctx, input }) => createTemplate(ctx.once, { tenantId: ctx.tenant.id, ...input })),

  update: tenantProcedure("content")
    .meta(rest("PATCH", "/templates/{id}", "templates", "Update a template"))
    .input(updateTemplateInput)
    .output(templateOutput)
    .mutation(({ ctx, input: { id, expectedUpdated, ...patch } }) =>
      updateTemplateById(ctx.db, { tenantId: ctx.tenant.id, id, patch, expectedUpdated }),
    ),

  /** CONFLICT with the campaigns' names in `details.blockers` while a campaign step uses it. */
  delete: tenantProcedure("content")
    .meta(rest("DELETE", "/templates/{id}", "templates", "Delete a template"))
    .input(templateIdInput)
    .output(deletedTemplateOutput)
    .mutation(({ ctx, input }) => deleteTemplateById(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),

  /** A copy (named `<name> (copy)` unless `name` is given) in the same folders, with the same tags. */
  duplicate: tenantProcedure("content")
    .meta(rest("POST", "/templates/{id}/duplicate", "templates", "Copy a template with its folders and tags"))
    .input(duplicateTemplateInput)
    .use(idempotent)
    .output(duplicatedTemplateOutput)
    .mutation(({ ctx, input }) => duplicateTemplate(ctx.once, { tenantId: ctx.tenant.id, ...input })),

  /**
   * `{ subject, content }` for a lead and/or `values`; the same lead always gets the same spintax
   * choices. Unknown variables without a fallback are BAD_REQUEST naming them.
   */
  render: tenantProcedure("read")
    .meta(rest("POST", "/templates/{id}/render", "templates", "Render a template for a lead and/or given values"))
    .input(renderTemplateInput)
    .output(renderedTemplateOutput)
    .query(({ ctx, input }) => renderTemplateFor(ctx.db, { tenantId: ctx.tenant.id, ...input })),
} satisfies TRPCRouterRecord;
