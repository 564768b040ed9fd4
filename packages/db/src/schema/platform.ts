import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { created, idColumn, tz, updated } from "./columns.js";
import { users } from "./identity.js";

export const systemConfig = pgTable(
  "system_config",
  {
    key: varchar({ length: 255 }).primaryKey(),
    value: jsonb().$type<unknown>().notNull(),
    description: varchar({ length: 500 }),
    category: varchar({ length: 50 }),
    isSensitive: boolean().notNull().default(false),
    updatedBy: uuid().references(() => users.id),
    updated: updated(),
  },
  (t) => [index("system_config_updated_by_idx").on(t.updatedBy), index("system_config_category_idx").on(t.category)],
);

export const featureFlags = pgTable(
  "feature_flags",
  {
    id: idColumn().primaryKey(),
    key: varchar({ length: 100 }).notNull(),
    description: text(),
    isEnabled: boolean().notNull().default(false),
    rolloutPercentage: integer().notNull().default(0),
    updatedBy: uuid().references(() => users.id),
    updated: updated(),
  },
  (t) => [uniqueIndex("feature_flags_key_uq").on(t.key), index("feature_flags_updated_by_idx").on(t.updatedBy)],
);

/** Encrypted secrets of the embedded secret store (AES-256-GCM); the key never lives in the database. */
export const secrets = pgTable("secrets", {
  path: varchar({ length: 500 }).primaryKey(),
  ciphertext: text().notNull(),
  version: integer().notNull().default(1),
  created: created(),
  updated: updated(),
});

/** Results of mutations sent with an idempotency key, replayed when the same key comes again. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: uuid().notNull(),
    key: varchar({ length: 255 }).notNull(),
    path: varchar({ length: 200 }).notNull(),
    requestHash: text().notNull(),
    response: jsonb().$type<unknown>(),
    created: created(),
    expires: tz().notNull(),
  },
  (t) => [
    uniqueIndex("idempotency_keys_uq").on(t.tenantId, t.key),
    index("idempotency_keys_expires_idx").on(t.expires),
  ],
);

/** Webhook events already applied, written in the same transaction as their effect. */
export const webhookEvents = pgTable("webhook_events", {
  id: varchar({ length: 255 }).primaryKey(),
  source: varchar({ length: 50 }).notNull(),
  type: varchar({ length: 100 }).notNull(),
  processed: created(),
});
