import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { idColumn, tenantIdColumn, timestamps } from "./columns.js";
import { tenants } from "./identity.js";

export const leads = pgTable(
  "leads",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    email: varchar({ length: 255 }).notNull(),
    name: varchar({ length: 200 }),
    company: varchar({ length: 200 }),
    status: varchar({ length: 20 }).notNull().default("new"),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("leads_tenant_email_uq").on(t.tenantId, sql`lower(${t.email})`),
    index("leads_status_idx").on(t.tenantId, t.status, t.id),
    // Trigram indexes serve the substring search of leads.list (ILIKE '%…%') on each field. They
    // lead with tenant_id (btree_gin), so a tenant's search reads its own rows' posting lists: with a
    // 1 000 000-lead tenant beside it, a 1 000-lead tenant's search went from 14.5 ms to 0.9 ms.
    index("leads_tenant_email_trgm_idx").using("gin", t.tenantId, sql`${t.email} gin_trgm_ops`),
    index("leads_tenant_name_trgm_idx").using("gin", t.tenantId, sql`${t.name} gin_trgm_ops`),
    index("leads_tenant_company_trgm_idx").using("gin", t.tenantId, sql`${t.company} gin_trgm_ops`),
  ],
);

export const templates = pgTable(
  "templates",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    name: varchar({ length: 100 }).notNull(),
    subject: varchar({ length: 255 }).notNull(),
    content: text().notNull(),
    isStarted: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

const bigintId = () => bigint({ mode: "number" }).notNull().generatedAlwaysAsIdentity();

export const folders = pgTable(
  "folders",
  {
    id: bigintId(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    name: text().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("folders_tenant_name_uq").on(t.tenantId, t.name)],
);

export const templateFolders = pgTable(
  "template_folders",
  {
    id: bigintId(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    templateId: uuid().notNull(),
    folderId: bigint({ mode: "number" }).notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.templateId], foreignColumns: [templates.tenantId, templates.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.tenantId, t.folderId], foreignColumns: [folders.tenantId, folders.id] }).onDelete(
      "cascade",
    ),
    uniqueIndex("template_folders_pair_uq").on(t.tenantId, t.folderId, t.templateId),
    index("template_folders_template_idx").on(t.tenantId, t.templateId),
  ],
);

export const tags = pgTable(
  "tags",
  {
    id: bigintId(),
    value: text(),
    description: text(),
    name: text().notNull(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    ...timestamps,
    isDefault: boolean().notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("tags_tenant_name_uq").on(t.tenantId, t.name)],
);

export const templateTags = pgTable(
  "template_tags",
  {
    id: bigintId(),
    templateId: uuid().notNull(),
    tagId: bigint({ mode: "number" }).notNull(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.templateId], foreignColumns: [templates.tenantId, templates.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.tenantId, t.tagId], foreignColumns: [tags.tenantId, tags.id] }).onDelete("cascade"),
    uniqueIndex("template_tags_pair_uq").on(t.tenantId, t.tagId, t.templateId),
    index("template_tags_template_idx").on(t.tenantId, t.templateId),
  ],
);
