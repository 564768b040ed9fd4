import { boolean, integer, jsonb, pgTable, uuid, varchar } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.js";
import { tenants } from "./identity.js";

export interface BillingAddress {
  line1?: string;
  line2?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export const tenantConfig = pgTable("tenant_config", {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id),
  stripeCustomerId: varchar({ length: 255 }),
  billingEmail: varchar({ length: 255 }),
  billingAddress: jsonb().$type<BillingAddress>(),
  notifyOnBillingChanges: boolean().notNull().default(true),
  notifyOnSystemUpdates: boolean().notNull().default(true),
  notifyOnSecurityAlerts: boolean().notNull().default(true),
  themePrimaryColor: varchar({ length: 7 }),
  themeLogoUrl: varchar({ length: 500 }),
  themeFaviconUrl: varchar({ length: 500 }),
  uiSidebarDefaultCollapsed: boolean().notNull().default(false),
  uiDateFormat: varchar({ length: 20 }).notNull().default("YYYY-MM-DD"),
  uiTimezone: varchar({ length: 50 }).notNull().default("UTC"),
  ...timestamps,
});

export const tenantPolicies = pgTable("tenant_policies", {
  tenantId: uuid()
    .primaryKey()
    .references(() => tenants.id),
  passwordMinLength: integer().notNull().default(10),
  passwordRequireUppercase: boolean().notNull().default(false),
  passwordRequireNumbers: boolean().notNull().default(false),
  passwordRequireSymbols: boolean().notNull().default(false),
  sessionTimeoutHours: integer().notNull().default(24),
  maxLoginAttempts: integer().notNull().default(5),
  twoFactorRequired: boolean().notNull().default(false),
  companyDefaultStatus: varchar({ length: 50 }).notNull().default("active"),
  companyAllowMemberInvites: boolean().notNull().default(false),
  companyAutoApproveMembers: boolean().notNull().default(false),
  companyRequireEmailVerification: boolean().notNull().default(false),
  ...timestamps,
});
