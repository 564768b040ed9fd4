import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { idColumn, tenantIdColumn, timestamps, tz } from "./columns.js";

export const users = pgTable(
  "users",
  {
    id: idColumn().primaryKey(),
    ...timestamps,
    deleted: tz(),
    name: text(),
    familyName: text(),
    givenName: text(),
    email: text().notNull(),
    picture: text(),
    emailVerified: tz(),
  },
  (t) => [uniqueIndex("users_email_live_uq").on(sql`lower(${t.email})`).where(sql`${t.deleted} is null`)],
);

export const tenants = pgTable(
  "tenants",
  {
    id: idColumn().primaryKey(),
    name: text().notNull(),
    ...timestamps,
    deleted: tz(),
    computeId: uuid(),
    /** Set by staff; a suspended tenant's callers are refused. */
    suspended: tz(),
    suspendedReason: text(),
  },
  (t) => [index("tenants_name_idx").on(t.name)],
);

export const tenantUsers = pgTable(
  "tenant_users",
  {
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    ...timestamps,
    deleted: tz(),
    roles: text().array().notNull().default(sql`'{}'::text[]`),
    email: text(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index("tenant_users_user_idx").on(t.userId)],
);

/** Password and second-factor state of a user; kept apart from `users` so no query of users can select it by accident. */
export const userCredentials = pgTable("user_credentials", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id),
  passwordHash: text().notNull(),
  failedAttempts: integer().notNull().default(0),
  lockedUntil: tz(),
  totpSecret: text(),
  totpEnabled: tz(),
  ...timestamps,
});

export const sessions = pgTable(
  "sessions",
  {
    id: idColumn().primaryKey(),
    tokenHash: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    tenantId: uuid()
      .notNull()
      .references(() => tenants.id),
    expires: tz().notNull(),
    revoked: tz(),
    lastUsed: tz(),
    created: timestamps.created,
  },
  (t) => [
    uniqueIndex("sessions_token_hash_uq").on(t.tokenHash),
    index("sessions_user_idx").on(t.userId),
    index("sessions_tenant_idx").on(t.tenantId),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: varchar({ length: 100 }).notNull(),
    /** First characters of the key, shown in lists so a key can be recognised without its secret. */
    prefix: varchar({ length: 24 }).notNull(),
    keyHash: text().notNull(),
    scope: varchar({ length: 20 }).notNull().default("write"),
    createdByUserId: uuid().references(() => users.id),
    expires: tz(),
    revoked: tz(),
    lastUsed: tz(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("api_keys_key_hash_uq").on(t.keyHash),
    index("api_keys_created_by_idx").on(t.createdByUserId),
  ],
);

export const userPreferences = pgTable(
  "user_preferences",
  {
    id: idColumn().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    theme: varchar({ length: 50 }).notNull().default("system"),
    language: varchar({ length: 10 }).notNull().default("en"),
    timezone: varchar({ length: 100 }).notNull().default("UTC"),
    emailNotifications: boolean().notNull().default(true),
    pushNotifications: boolean().notNull().default(false),
    weeklyReports: boolean().notNull().default(true),
    marketingEmails: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex("user_preferences_user_uq").on(t.userId)],
);
