import { and, type Column, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { tenantConfig, tenantPolicies, userPreferences } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";

/**
 * Settings rows: one per user (user_preferences) or per tenant (tenant_config, tenant_policies).
 * Sign-up creates them; `ensure…` creates a missing one with the column defaults, safely under
 * concurrency, so readers and writers never have to handle "no settings yet".
 */

/**
 * Every write moves `updated` forward by at least a millisecond, the precision `expectedUpdated`
 * is compared at, so two writes within one millisecond can't pass for one. An empty patch keeps it.
 */
function nextUpdated(column: Column, patch: object): SQL {
  const changes = Object.values(patch).some((value) => value !== undefined);
  return changes ? sql`greatest(now(), ${column} + interval '1 millisecond')` : sql`${column}`;
}

export const preferencesColumns = {
  theme: userPreferences.theme,
  language: userPreferences.language,
  timezone: userPreferences.timezone,
  emailNotifications: userPreferences.emailNotifications,
  pushNotifications: userPreferences.pushNotifications,
  weeklyReports: userPreferences.weeklyReports,
  marketingEmails: userPreferences.marketingEmails,
  created: userPreferences.created,
  updated: userPreferences.updated,
};

export type PreferencesPatch = Partial<
  Pick<
    typeof userPreferences.$inferInsert,
    "theme" | "language" | "timezone" | "emailNotifications" | "pushNotifications" | "weeklyReports" | "marketingEmails"
  >
>;

export async function getUserPreferences(db: Database, args: { userId: string }) {
  const rows = await db
    .select(preferencesColumns)
    .from(userPreferences)
    .where(eq(userPreferences.userId, args.userId))
    .limit(1);
  return rows[0] ?? null;
}

export async function ensureUserPreferences(db: Database, args: { userId: string }) {
  const existing = await getUserPreferences(db, args);
  if (existing) return existing;
  await db.insert(userPreferences).values({ userId: args.userId }).onConflictDoNothing();
  const row = await getUserPreferences(db, args);
  if (!row) throw new Error("user preferences missing right after insert");
  return row;
}

/** Null when `expectedUpdated` no longer matches (or the row is missing). */
export async function updateUserPreferences(
  db: Database,
  args: { userId: string; patch: PreferencesPatch; expectedUpdated?: Date | undefined },
) {
  const [row] = await db
    .update(userPreferences)
    .set({ ...args.patch, updated: nextUpdated(userPreferences.updated, args.patch) })
    .where(and(eq(userPreferences.userId, args.userId), unchangedSince(userPreferences.updated, args.expectedUpdated)))
    .returning(preferencesColumns);
  return row ?? null;
}

/** `stripeCustomerId` is readable but only billing writes it: it is not part of the patch. */
export const tenantConfigColumns = {
  stripeCustomerId: tenantConfig.stripeCustomerId,
  billingEmail: tenantConfig.billingEmail,
  billingAddress: tenantConfig.billingAddress,
  notifyOnBillingChanges: tenantConfig.notifyOnBillingChanges,
  notifyOnSystemUpdates: tenantConfig.notifyOnSystemUpdates,
  notifyOnSecurityAlerts: tenantConfig.notifyOnSecurityAlerts,
  themePrimaryColor: tenantConfig.themePrimaryColor,
  themeLogoUrl: tenantConfig.themeLogoUrl,
  themeFaviconUrl: tenantConfig.themeFaviconUrl,
  uiSidebarDefaultCollapsed: tenantConfig.uiSidebarDefaultCollapsed,
  uiDateFormat: tenantConfig.uiDateFormat,
  uiTimezone: tenantConfig.uiTimezone,
  created: tenantConfig.created,
  updated: tenantConfig.updated,
};

export type TenantConfigPatch = Partial<
  Omit<typeof tenantConfig.$inferInsert, "tenantId" | "stripeCustomerId" | "created" | "updated">
>;

export async function getTenantConfig(db: Database, args: { tenantId: string }) {
  const rows = await db
    .select(tenantConfigColumns)
    .from(tenantConfig)
    .where(eq(tenantConfig.tenantId, args.tenantId))
    .limit(1);
  return rows[0] ?? null;
}

export async function ensureTenantConfig(db: Database, args: { tenantId: string }) {
  const existing = await getTenantConfig(db, args);
  if (existing) return existing;
  await db.insert(tenantConfig).values({ tenantId: args.tenantId }).onConflictDoNothing();
  const row = await getTenantConfig(db, args);
  if (!row) throw new Error("tenant config missing right after insert");
  return row;
}

/** Null when `expectedUpdated` no longer matches (or the row is missing). */
export async function updateTenantConfig(
  db: Database,
  args: { tenantId: string; patch: TenantConfigPatch; expectedUpdated?: Date | undefined },
) {
  const [row] = await db
    .update(tenantConfig)
    .set({ ...args.patch, updated: nextUpdated(tenantConfig.updated, args.patch) })
    .where(and(eq(tenantConfig.tenantId, args.tenantId), unchangedSince(tenantConfig.updated, args.expectedUpdated)))
    .returning(tenantConfigColumns);
  return row ?? null;
}

export const tenantPoliciesColumns = {
  passwordMinLength: tenantPolicies.passwordMinLength,
  passwordRequireUppercase: tenantPolicies.passwordRequireUppercase,
  passwordRequireNumbers: tenantPolicies.passwordRequireNumbers,
  passwordRequireSymbols: tenantPolicies.passwordRequireSymbols,
  sessionTimeoutHours: tenantPolicies.sessionTimeoutHours,
  maxLoginAttempts: tenantPolicies.maxLoginAttempts,
  twoFactorRequired: tenantPolicies.twoFactorRequired,
  companyDefaultStatus: tenantPolicies.companyDefaultStatus,
  companyAllowMemberInvites: tenantPolicies.companyAllowMemberInvites,
  companyAutoApproveMembers: tenantPolicies.companyAutoApproveMembers,
  companyRequireEmailVerification: tenantPolicies.companyRequireEmailVerification,
  created: tenantPolicies.created,
  updated: tenantPolicies.updated,
};

export type TenantPoliciesPatch = Partial<Omit<typeof tenantPolicies.$inferInsert, "tenantId" | "created" | "updated">>;

export async function getTenantPolicySettings(db: Database, args: { tenantId: string }) {
  const rows = await db
    .select(tenantPoliciesColumns)
    .from(tenantPolicies)
    .where(eq(tenantPolicies.tenantId, args.tenantId))
    .limit(1);
  return rows[0] ?? null;
}

export async function ensureTenantPolicies(db: Database, args: { tenantId: string }) {
  const existing = await getTenantPolicySettings(db, args);
  if (existing) return existing;
  await db.insert(tenantPolicies).values({ tenantId: args.tenantId }).onConflictDoNothing();
  const row = await getTenantPolicySettings(db, args);
  if (!row) throw new Error("tenant policies missing right after insert");
  return row;
}

/** Null when `expectedUpdated` no longer matches (or the row is missing). */
export async function updateTenantPolicies(
  db: Database,
  args: { tenantId: string; patch: TenantPoliciesPatch; expectedUpdated?: Date | undefined },
) {
  const [row] = await db
    .update(tenantPolicies)
    .set({ ...args.patch, updated: nextUpdated(tenantPolicies.updated, args.patch) })
    .where(
      and(eq(tenantPolicies.tenantId, args.tenantId), unchangedSince(tenantPolicies.updated, args.expectedUpdated)),
    )
    .returning(tenantPoliciesColumns);
  return row ?? null;
}
