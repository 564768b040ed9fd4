import { index, integer, pgTable, primaryKey, text, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { created, timestamps } from "./columns.js";
import { users } from "./identity.js";

export const staffRoles = pgTable(
  "staff_roles",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: varchar({ length: 50 }).notNull(),
    description: text(),
    created: created(),
  },
  (t) => [uniqueIndex("staff_roles_name_uq").on(t.name)],
);

export const permissions = pgTable(
  "permissions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: varchar({ length: 100 }).notNull(),
    description: text(),
    category: varchar({ length: 50 }),
    created: created(),
  },
  (t) => [uniqueIndex("permissions_name_uq").on(t.name)],
);

export const staffRolePermissions = pgTable(
  "staff_role_permissions",
  {
    roleId: integer()
      .notNull()
      .references(() => staffRoles.id, { onDelete: "cascade" }),
    permissionId: integer()
      .notNull()
      .references(() => permissions.id, { onDelete: "cascade" }),
    created: created(),
  },
  (t) => [
    primaryKey({ columns: [t.roleId, t.permissionId] }),
    index("staff_role_permissions_permission_idx").on(t.permissionId),
  ],
);

export const staffMembers = pgTable(
  "staff_members",
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id),
    roleId: integer()
      .notNull()
      .references(() => staffRoles.id),
    notes: text(),
    ...timestamps,
  },
  (t) => [index("staff_members_role_idx").on(t.roleId)],
);
