import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Database } from "../client.js";
import { tags, templateTags } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { toPage } from "./pagination.js";
import { serialText, serialValue } from "./serial-ids.js";

export const tagColumns = {
  id: serialText(tags.id),
  name: tags.name,
  value: tags.value,
  description: tags.description,
  isDefault: tags.isDefault,
  created: tags.created,
  updated: tags.updated,
};

/** The tags every new tenant starts with (`is_default`); ordinary tags afterwards, free to rename or delete. */
export const DEFAULT_TAGS = [
  { name: "cold", description: "First contact, no prior relationship" },
  { name: "follow-up", description: "Follow-ups to an earlier email" },
  { name: "nurture", description: "Keeping warm leads engaged over time" },
] as const;

export async function createDefaultTags(db: Database, tenantId: string): Promise<void> {
  await db.insert(tags).values(DEFAULT_TAGS.map((tag) => ({ ...tag, tenantId, isDefault: true })));
}

/** Newest first, keyset by id (identity ids grow with creation). */
export async function listTags(db: Database, args: { tenantId: string; limit: number; cursor?: string | undefined }) {
  const conditions: (SQL | undefined)[] = [eq(tags.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(tags.id, serialValue(args.cursor)));
  const rows = await db
    .select(tagColumns)
    .from(tags)
    .where(and(...conditions))
    .orderBy(desc(tags.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getTag(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select(tagColumns)
    .from(tags)
    .where(and(eq(tags.tenantId, args.tenantId), eq(tags.id, serialValue(args.id))))
    .limit(1);
  return rows[0] ?? null;
}

export async function findTagByName(db: Database, args: { tenantId: string; name: string }) {
  const rows = await db
    .select({ id: serialText(tags.id) })
    .from(tags)
    .where(and(eq(tags.tenantId, args.tenantId), eq(tags.name, args.name)))
    .limit(1);
  return rows[0] ?? null;
}

export interface TagFields {
  name: string;
  value?: string | null | undefined;
  description?: string | null | undefined;
}

export async function insertTag(db: Database, args: TagFields & { tenantId: string }) {
  const [row] = await db.insert(tags).values(args).returning(tagColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

/** Null when the tag is not the tenant's or changed since `expectedUpdated`. */
export async function updateTag(
  db: Database,
  args: { tenantId: string; id: string; patch: Partial<TagFields>; expectedUpdated?: Date | undefined },
) {
  const rows = await db
    .update(tags)
    .set({ ...args.patch, updated: new Date() })
    .where(
      and(
        eq(tags.tenantId, args.tenantId),
        eq(tags.id, serialValue(args.id)),
        unchangedSince(tags.updated, args.expectedUpdated),
      ),
    )
    .returning(tagColumns);
  return rows[0] ?? null;
}

/** Its template links go with it (ON DELETE CASCADE); the templates stay. */
export async function deleteTag(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .delete(tags)
    .where(and(eq(tags.tenantId, args.tenantId), eq(tags.id, serialValue(args.id))))
    .returning({ id: serialText(tags.id) });
  return rows[0] ?? null;
}

/** Idempotent: tagging a template that has the tag changes nothing. */
export async function tagTemplate(
  db: Database,
  args: { tenantId: string; tagId: string; templateId: string },
): Promise<void> {
  await db
    .insert(templateTags)
    .values({ ...args, tagId: serialValue(args.tagId) })
    .onConflictDoNothing();
}

/** True when a link was removed. */
export async function untagTemplate(
  db: Database,
  args: { tenantId: string; tagId: string; templateId: string },
): Promise<boolean> {
  const rows = await db
    .delete(templateTags)
    .where(
      and(
        eq(templateTags.tenantId, args.tenantId),
        eq(templateTags.tagId, serialValue(args.tagId)),
        eq(templateTags.templateId, args.templateId),
      ),
    )
    .returning({ id: templateTags.id });
  return rows.length > 0;
}
