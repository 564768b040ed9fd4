import { and, asc, desc, eq, exists, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { campaignSequenceSteps, campaigns, tags, templateFolders, templates, templateTags } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { toPage } from "./pagination.js";
import { serialText, serialValue } from "./serial-ids.js";

export const templateColumns = {
  id: templates.id,
  name: templates.name,
  subject: templates.subject,
  content: templates.content,
  isStarted: templates.isStarted,
  created: templates.created,
  updated: templates.updated,
};

export interface ListTemplatesArgs {
  tenantId: string;
  limit: number;
  cursor?: string | undefined;
  folderId?: string | undefined;
  tagId?: string | undefined;
}

/** Newest first, keyset by id; `folderId` and `tagId` keep the templates in that folder / with that tag. */
export async function listTemplates(db: Database, args: ListTemplatesArgs) {
  const conditions: (SQL | undefined)[] = [eq(templates.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(templates.id, args.cursor));
  if (args.folderId !== undefined) {
    const inFolder = db
      .select({ one: sql`1` })
      .from(templateFolders)
      .where(
        and(
          eq(templateFolders.tenantId, args.tenantId),
          eq(templateFolders.templateId, templates.id),
          eq(templateFolders.folderId, serialValue(args.folderId)),
        ),
      );
    conditions.push(exists(inFolder));
  }
  if (args.tagId !== undefined) {
    const tagged = db
      .select({ one: sql`1` })
      .from(templateTags)
      .where(
        and(
          eq(templateTags.tenantId, args.tenantId),
          eq(templateTags.templateId, templates.id),
          eq(templateTags.tagId, serialValue(args.tagId)),
        ),
      );
    conditions.push(exists(tagged));
  }
  const rows = await db
    .select(templateColumns)
    .from(templates)
    .where(and(...conditions))
    .orderBy(desc(templates.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getTemplate(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select(templateColumns)
    .from(templates)
    .where(and(eq(templates.tenantId, args.tenantId), eq(templates.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}

/** The folders and tags a template is in, oldest link first. */
export async function getTemplateLinks(db: Database, args: { tenantId: string; id: string }) {
  const folderRows = await db
    .select({ folderId: serialText(templateFolders.folderId) })
    .from(templateFolders)
    .where(and(eq(templateFolders.tenantId, args.tenantId), eq(templateFolders.templateId, args.id)))
    .orderBy(asc(templateFolders.id));
  const tagRows = await db
    .select({ id: serialText(tags.id), name: tags.name, value: tags.value })
    .from(templateTags)
    .innerJoin(tags, and(eq(tags.tenantId, templateTags.tenantId), eq(tags.id, templateTags.tagId)))
    .where(and(eq(templateTags.tenantId, args.tenantId), eq(templateTags.templateId, args.id)))
    .orderBy(asc(templateTags.id));
  return { folderIds: folderRows.map((r) => r.folderId), tags: tagRows };
}

export interface TemplateFields {
  name: string;
  subject: string;
  content: string;
  isStarted?: boolean | undefined;
}

export async function insertTemplate(db: Database, args: TemplateFields & { tenantId: string }) {
  const [row] = await db.insert(templates).values(args).returning(templateColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Null when the template is not the tenant's or changed since `expectedUpdated`. */
export async function updateTemplate(
  db: Database,
  args: { tenantId: string; id: string; patch: Partial<TemplateFields>; expectedUpdated?: Date | undefined },
) {
  const rows = await db
    .update(templates)
    .set({ ...args.patch, updated: new Date() })
    .where(
      and(
        eq(templates.tenantId, args.tenantId),
        eq(templates.id, args.id),
        unchangedSince(templates.updated, args.expectedUpdated),
      ),
    )
    .returning(templateColumns);
  return rows[0] ?? null;
}

/** Folder and tag links go with it (ON DELETE CASCADE); campaign steps must not use it any more. */
export async function deleteTemplate(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .delete(templates)
    .where(and(eq(templates.tenantId, args.tenantId), eq(templates.id, args.id)))
    .returning({ id: templates.id });
  return rows[0] ?? null;
}

/** Names of the campaigns with a step that uses the template, alphabetically. */
export async function campaignsUsingTemplate(db: Database, args: { tenantId: string; templateId: string }) {
  const rows = await db
    .selectDistinct({ name: campaigns.name })
    .from(campaignSequenceSteps)
    .innerJoin(
      campaigns,
      and(eq(campaigns.tenantId, campaignSequenceSteps.tenantId), eq(campaigns.id, campaignSequenceSteps.campaignId)),
    )
    .where(
      and(eq(campaignSequenceSteps.tenantId, args.tenantId), eq(campaignSequenceSteps.templateId, args.templateId)),
    )
    .orderBy(asc(campaigns.name));
  return rows.map((r) => r.name);
}

/** Puts `toId` in every folder and under every tag `fromId` has: one statement each. */
export async function copyTemplateLinks(
  db: Database,
  args: { tenantId: string; fromId: string; toId: string },
): Promise<void> {
  // Raw SQL: Drizzle's insert-select wants every column, and the identity ids must be generated.
  await db.execute(sql`
    insert into template_folders (tenant_id, template_id, folder_id)
    select tenant_id, ${args.toId}::uuid, folder_id from template_folders
    where tenant_id = ${args.tenantId}::uuid and template_id = ${args.fromId}::uuid
    order by id`);
  await db.execute(sql`
    insert into template_tags (tenant_id, template_id, tag_id)
    select tenant_id, ${args.toId}::uuid, tag_id from template_tags
    where tenant_id = ${args.tenantId}::uuid and template_id = ${args.fromId}::uuid
    order by id`);
}
