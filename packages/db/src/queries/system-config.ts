import { and, asc, eq, gt } from "drizzle-orm";
import type { Database } from "../client.js";
import { systemConfig } from "../schema/index.js";

/** Every column of a setting; callers redact `value` of sensitive keys before it leaves the server. */
const settingColumns = {
  key: systemConfig.key,
  value: systemConfig.value,
  description: systemConfig.description,
  category: systemConfig.category,
  isSensitive: systemConfig.isSensitive,
  updatedBy: systemConfig.updatedBy,
  updated: systemConfig.updated,
};

/** Keys in order, keyset by key, so pages stay stable while settings are added. */
export async function listSystemConfig(
  db: Database,
  args: { category?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const rows = await db
    .select(settingColumns)
    .from(systemConfig)
    .where(
      and(
        args.category ? eq(systemConfig.category, args.category) : undefined,
        args.cursor ? gt(systemConfig.key, args.cursor) : undefined,
      ),
    )
    .orderBy(asc(systemConfig.key))
    .limit(args.limit + 1);
  const items = rows.slice(0, args.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > args.limit && last ? last.key : null };
}

export async function getSystemConfig(db: Database, key: string) {
  const rows = await db.select(settingColumns).from(systemConfig).where(eq(systemConfig.key, key)).limit(1);
  return rows[0] ?? null;
}

/**
 * Inserts or replaces the value; `description`, `category` and `isSensitive` change only when
 * given, so re-setting a value never silently un-marks a sensitive key.
 */
export async function upsertSystemConfig(
  db: Database,
  args: {
    key: string;
    value: unknown;
    description?: string | null | undefined;
    category?: string | null | undefined;
    isSensitive?: boolean | undefined;
    /** The category of a new key when `category` is not given; an existing key keeps its own. */
    defaultCategory: string | null;
    updatedBy: string;
  },
) {
  const optional = {
    ...(args.description !== undefined && { description: args.description }),
    ...(args.category !== undefined && { category: args.category }),
    ...(args.isSensitive !== undefined && { isSensitive: args.isSensitive }),
  };
  const rows = await db
    .insert(systemConfig)
    .values({
      key: args.key,
      value: args.value,
      category: args.defaultCategory,
      updatedBy: args.updatedBy,
      ...optional,
    })
    .onConflictDoUpdate({
      target: systemConfig.key,
      set: { value: args.value, updatedBy: args.updatedBy, updated: new Date(), ...optional },
    })
    .returning(settingColumns);
  const row = rows[0];
  if (!row) throw new Error("system_config upsert returned nothing");
  return row;
}

/** False when the key does not exist. */
export async function deleteSystemConfig(db: Database, key: string): Promise<boolean> {
  const rows = await db.delete(systemConfig).where(eq(systemConfig.key, key)).returning({ key: systemConfig.key });
  return rows.length > 0;
}
