import type { Database } from "@outbound/db";
import {
  findFolderByName,
  getFolder,
  insertFolder,
  linkTemplateToFolder,
  renameFolder,
  unlinkTemplateFromFolder,
} from "@outbound/db/queries/folders";
import { getTemplate } from "@outbound/db/queries/templates";
import { conflict, notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { updatedOrExplain } from "../platform/updates.js";

/** Names are unique per tenant, exactly as written (the unique index still guards a race: CONFLICT too). */
async function assertNameFree(db: Database, args: { tenantId: string; name: string; exceptId?: string }) {
  const existing = await findFolderByName(db, args);
  if (existing && existing.id !== args.exceptId) throw conflict(`A folder named "${args.name}" already exists`);
}

export async function createFolder(once: Once, args: { tenantId: string; name: string }) {
  const { tenantId, name } = args;
  return once(async (tx) => {
    await assertNameFree(tx, { tenantId, name });
    return insertFolder(tx, { tenantId, name });
  });
}

export async function renameFolderById(
  db: Database,
  args: { tenantId: string; id: string; name: string; expectedUpdated?: Date | undefined },
) {
  const { tenantId, id, name } = args;
  const exists = async () => (await getFolder(db, { tenantId, id })) !== null;
  if (!(await exists())) throw notFound("Folder");
  await assertNameFree(db, { tenantId, name, exceptId: id });
  return updatedOrExplain(await renameFolder(db, args), { what: "Folder", exists });
}

interface FolderTemplate {
  tenantId: string;
  folderId: string;
  templateId: string;
}

async function assertBothExist(db: Database, args: FolderTemplate) {
  if (!(await getFolder(db, { tenantId: args.tenantId, id: args.folderId }))) throw notFound("Folder");
  if (!(await getTemplate(db, { tenantId: args.tenantId, id: args.templateId }))) throw notFound("Template");
}

/** Idempotent: adding a template already in the folder succeeds and changes nothing. */
export async function addTemplateToFolder(db: Database, args: FolderTemplate) {
  await assertBothExist(db, args);
  await linkTemplateToFolder(db, args);
  return { folderId: args.folderId, templateId: args.templateId };
}

/** Idempotent: `removed` is false when the template was not in the folder. */
export async function removeTemplateFromFolder(db: Database, args: FolderTemplate) {
  await assertBothExist(db, args);
  const removed = await unlinkTemplateFromFolder(db, args);
  return { folderId: args.folderId, templateId: args.templateId, removed };
}
