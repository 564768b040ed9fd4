import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Database } from "../client.js";
import { folders, templateFolders } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { toPage } from "./pagination.js";
import { serialText, serialValue } from "./serial-ids.js";

export const folderColumns = {
  id: serialText(folders.id),
  name: folders.name,
  created: folders.created,
  updated: folders.updated,
};

/** Newest first, keyset by id (identity ids grow with creation). */
export async function listFolders(
  db: Database,
  args: { tenantId: string; limit: number; cursor?: string | undefined },
) {
  const conditions: (SQL | undefined)[] = [eq(folders.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(folders.id, serialValue(args.cursor)));
  const rows = await db
    .select(folderColumns)
    .from(folders)
    .where(and(...conditions))
    .orderBy(desc(folders.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getFolder(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select(folderColumns)
    .from(folders)
    .where(and(eq(folders.tenantId, args.tenantId), eq(folders.id, serialValue(args.id))))
    .limit(1);
  return rows[0] ?? null;
}

export async function findFolderByName(db: Database, args: { tenantId: string; name: string }) {
  const rows = await db
    .select({ id: serialText(folders.id) })
    .from(folders)
    .where(and(eq(folders.tenantId, args.tenantId), eq(folders.name, args.name)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertFolder(db: Database, args: { tenantId: string; name: string }) {
  const [row] = await db.insert(folders).values(args).returning(folderColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Null when the folder is not the tenant's or changed since `expectedUpdated`. */
export async function renameFolder(
  db: Database,
  args: { tenantId: string; id: string; name: string; expectedUpdated?: Date | undefined },
) {
  const rows = await db
    .update(folders)
    .set({ name: args.name, updated: new Date() })
    .where(
      and(
        eq(folders.tenantId, args.tenantId),
        eq(folders.id, serialValue(args.id)),
        unchangedSince(folders.updated, args.expectedUpdated),
      ),
    )
    .returning(folderColumns);
  return rows[0] ?? null;
}

/** Its template links go with it (ON DELETE CASCADE); the templates stay. */
export async function deleteFolder(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .delete(folders)
    .where(and(eq(folders.tenantId, args.tenantId), eq(folders.id, serialValue(args.id))))
    .returning({ id: serialText(folders.id) });
  return rows[0] ?? null;
}

/** Idempotent: linking a template already in the folder changes nothing. */
export async function linkTemplateToFolder(
  db: Database,
  args: { tenantId: string; folderId: string; templateId: string },
): Promise<void> {
  await db
    .insert(templateFolders)
    .values({ ...args, folderId: serialValue(args.folderId) })
    .onConflictDoNothing();
}

/** True when a link was removed. */
export async function unlinkTemplateFromFolder(
  db: Database,
  args: { tenantId: string; folderId: string; templateId: string },
): Promise<boolean> {
  const rows = await db
    .delete(templateFolders)
    .where(
      and(
        eq(templateFolders.tenantId, args.tenantId),
        eq(templateFolders.folderId, serialValue(args.folderId)),
        eq(templateFolders.templateId, args.templateId),
      ),
    )
    .returning({ id: templateFolders.id });
  return rows.length > 0;
}
