import { deleteTag, listTags } from "@outbound/db/queries/tags";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../errors.js";
import { serialListInput } from "../schemas/folders.js";
import { createTagInput, tagIdInput, tagTemplateInput, updateTagInput } from "../schemas/tags.js";
import { createTag, tagTemplateById, untagTemplateById, updateTagById } from "../services/content/tags.js";
import { idempotent, tenantProcedure } from "../trpc.js";

/**
 * Template tags. Ids are positive integers; names are unique per tenant. Every tenant starts
 * with a few `isDefault` tags, which are ordinary tags otherwise: renamed or deleted freely.
 */
export const tagsRouter = {
  /** Newest first; the cursor is the last item's (numeric) id. */
  list: tenantProcedure("read")
    .input(serialListInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listTags(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  create: tenantProcedure("content")
    .input(createTagInput)
    .use(idempotent)
    .mutation(({ ctx, input }) => createTag(ctx.once, { tenantId: ctx.tenant.id, ...input })),

  /** Absent fields stay; null clears value or description. */
  update: tenantProcedure("content")
    .input(updateTagInput)
    .mutation(({ ctx, input: { id, expectedUpdated, ...patch } }) =>
      updateTagById(ctx.db, { tenantId: ctx.tenant.id, id, patch, expectedUpdated }),
    ),

  /** The tag's template links go with it; the templates stay. */
  delete: tenantProcedure("content")
    .input(tagIdInput)
    .mutation(async ({ ctx, input }) => {
      const deleted = await deleteTag(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      if (!deleted) throw notFound("Tag");
      return deleted;
    }),

  /** Idempotent. */
  tagTemplate: tenantProcedure("content")
    .input(tagTemplateInput)
    .mutation(({ ctx, input }) => tagTemplateById(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Idempotent: `removed` says whether the template had the tag. */
  untagTemplate: tenantProcedure("content")
    .input(tagTemplateInput)
    .mutation(({ ctx, input }) => untagTemplateById(ctx.db, { tenantId: ctx.tenant.id, ...input })),
} satisfies TRPCRouterRecord;
