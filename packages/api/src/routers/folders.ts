import { deleteFolder, listFolders } from "@outbound/db/queries/folders";
import type { TRPCRouterRecord } from "@trpc/server";
import { notFound } from "../errors.js";
import {
  createFolderInput,
  folderIdInput,
  folderTemplateInput,
  renameFolderInput,
  serialListInput,
} from "../schemas/folders.js";
import {
  addTemplateToFolder,
  createFolder,
  removeTemplateFromFolder,
  renameFolderById,
} from "../services/content/folders.js";
import { idempotent, tenantProcedure } from "../trpc.js";

/** Template folders. Ids are positive integers; names are unique per tenant. */
export const foldersRouter = {
  /** Newest first; the cursor is the last item's (numeric) id. */
  list: tenantProcedure("read")
    .input(serialListInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listFolders(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  create: tenantProcedure("content")
    .input(createFolderInput)
    .use(idempotent)
    .mutation(({ ctx, input }) => createFolder(ctx.once, { tenantId: ctx.tenant.id, ...input })),

  rename: tenantProcedure("content")
    .input(renameFolderInput)
    .mutation(({ ctx, input }) => renameFolderById(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** The folder's template links go with it; the templates stay. */
  delete: tenantProcedure("content")
    .input(folderIdInput)
    .mutation(async ({ ctx, input }) => {
      const deleted = await deleteFolder(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      if (!deleted) throw notFound("Folder");
      return deleted;
    }),

  /** Idempotent. */
  addTemplate: tenantProcedure("content")
    .input(folderTemplateInput)
    .mutation(({ ctx, input }) => addTemplateToFolder(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Idempotent: `removed` says whether the template was in the folder. */
  removeTemplate: tenantProcedure("content")
    .input(folderTemplateInput)
    .mutation(({ ctx, input }) => removeTemplateFromFolder(ctx.db, { tenantId: ctx.tenant.id, ...input })),
} satisfies TRPCRouterRecord;
