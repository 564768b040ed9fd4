import type { Database } from "@outbound/db";
import {
  findTagByName,
  getTag,
  insertTag,
  type TagFields,
  tagTemplate,
  untagTemplate,
  updateTag,
} from "@outbound/db/queries/tags";
import { getTemplate } from "@outbound/db/queries/templates";
import { conflict, notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { updatedOrExplain } from "../platform/updates.js";

/** Names are unique per tenant, exactly as written (the unique index still guards a race: CONFLICT too). */
async function assertNameFree(db: Database, args: { tenantId: string; name: string; exceptId?: string }) {
  const existing = await findTagByName(db, args);
  if (existing && existing.id !== args.exceptId) throw conflict(`A tag named "${args.name}" already exists`);
}

export async function createTag(once: Once, args: TagFields & { tenantId: string }) {
  const { tenantId, ...fields } = args;
  return once(async (tx) => {
    await assertNameFree(tx, { tenantId, name: fields.name });
    return insertTag(tx, { tenantId, ...fields });
  });
}

export async function updateTagById(
  db: Database,
  args: { tenantId: string; id: string; patch: Partial<TagFields>; expectedUpdated?: Date | undefined },
) {
  const { tenantId, id, patch } = args;
  const exists = async () => (await getTag(db, { tenantId, id })) !== null;
  if (!(await exists())) throw notFound("Tag");
  if (patch.name !== undefined) await assertNameFree(db, { tenantId, name: patch.name, exceptId: id });
  return updatedOrExplain(await updateTag(db, args), { what: "Tag", exists });
}

interface TagTemplate {
  tenantId: string;
  tagId: string;
  templateId: string;
}

async function assertBothExist(db: Database, args: TagTemplate) {
  if (!(await getTag(db, { tenantId: args.tenantId, id: args.tagId }))) throw notFound("Tag");
  if (!(await getTemplate(db, { tenantId: args.tenantId, id: args.templateId }))) throw notFound("Template");
}

/** Idempotent: tagging a template that has the tag succeeds and changes nothing. */
export async function tagTemplateById(db: Database, args: TagTemplate) {
  await assertBothExist(db, args);
  await tagTemplate(db, args);
  return { tagId: args.tagId, templateId: args.templateId };
}

/** Idempotent: `removed` is false when the template did not have the tag. */
export async function untagTemplateById(db: Database, args: TagTemplate) {
  await assertBothExist(db, args);
  const removed = await untagTemplate(db, args);
  return { tagId: args.tagId, templateId: args.templateId, removed };
}
