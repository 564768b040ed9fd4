import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Database } from "../client.js";
import { featureFlags } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { toPage } from "./pagination.js";

const flagColumns = {
  id: featureFlags.id,
  key: featureFlags.key,
  description: featureFlags.description,
  isEnabled: featureFlags.isEnabled,
  rolloutPercentage: featureFlags.rolloutPercentage,
  updatedBy: featureFlags.updatedBy,
  updated: featureFlags.updated,
};

export async function listFeatureFlags(db: Database, args: { cursor?: string | undefined; limit: number }) {
  const rows = await db
    .select(flagColumns)
    .from(featureFlags)
    .where(args.cursor ? lt(featureFlags.id, args.cursor) : undefined)
    .orderBy(desc(featureFlags.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getFeatureFlag(db: Database, by: { id: string } | { key: string }) {
  const rows = await db
    .select(flagColumns)
    .from(featureFlags)
    .where("id" in by ? eq(featureFlags.id, by.id) : eq(featureFlags.key, by.key))
    .limit(1);
  return rows[0] ?? null;
}

/** Null when the key is taken. */
export async function insertFeatureFlag(
  db: Database,
  args: {
    key: string;
    description?: string | null | undefined;
    isEnabled?: boolean | undefined;
    rolloutPercentage?: number | undefined;
    updatedBy: string;
  },
) {
  const rows = await db
    .insert(featureFlags)
    .values(args)
    .onConflictDoNothing({ target: featureFlags.key })
    .returning(flagColumns);
  return rows[0] ?? null;
}

/** Null when the flag is missing or changed since `expectedUpdated`. */
export async function updateFeatureFlag(
  db: Database,
  args: {
    id: string;
    expectedUpdated?: Date | undefined;
    patch: { description?: string | null; isEnabled?: boolean; rolloutPercentage?: number };
    updatedBy: string;
  },
) {
  const rows = await db
    .update(featureFlags)
    .set({ ...args.patch, updatedBy: args.updatedBy })
    .where(and(eq(featureFlags.id, args.id), unchangedSince(featureFlags.updated, args.expectedUpdated)))
    .returning(flagColumns);
  return rows[0] ?? null;
}

export async function deleteFeatureFlag(db: Database, id: string): Promise<boolean> {
  const rows = await db.delete(featureFlags).where(eq(featureFlags.id, id)).returning({ id: featureFlags.id });
  return rows.length > 0;
}

/** What evaluation needs, for the given keys or every flag. */
export async function flagRules(db: Database, keys?: readonly string[]) {
  return db
    .select({
      key: featureFlags.key,
      isEnabled: featureFlags.isEnabled,
      rolloutPercentage: featureFlags.rolloutPercentage,
    })
    .from(featureFlags)
    .where(keys ? inArray(featureFlags.key, [...keys]) : undefined);
}
