import { inArray } from "drizzle-orm";
import type { Database } from "../client.js";
import { permissions, plans, staffRolePermissions, staffRoles } from "../schema/index.js";

/** Every column of a plan except generated ones and the Stripe ids, which come from Stripe later. */
export type PlanDefinition = Required<
  Omit<typeof plans.$inferInsert, "id" | "created" | "updated" | "stripePriceMonthlyId" | "stripePriceYearlyId">
>;

/**
 * The public plan catalog. Prices are integer cents; yearly is ten months' price. Each limit grows
 * from plan to plan, so an upgrade never takes anything away. `apiRateLimit` is requests per minute.
 */
export const PLAN_CATALOG: readonly PlanDefinition[] = [
  {
    slug: "free",
    name: "Free",
    description: "Try Outbound with one sender and a small list.",
    maxUsers: 1,
    maxDomains: 1,
    maxCampaignsPerMonth: 2,
    apiRateLimit: 60,
    maxEmailAccounts: 1,
    maxEmailsPerMonth: 500,
    maxWarmups: 1,
    maxContacts: 250,
    maxStorageGb: 1,
    apiAccess: false,
    prioritySupport: false,
    advancedAnalytics: false,
    whiteLabel: false,
    priceMonthly: 0,
    priceYearly: 0,
    notes: "No API access; dashboard only.",
    isActive: true,
  },
  {
    slug: "starter",
    name: "Starter",
    description: "For founders and solo sellers running their first sequences.",
    maxUsers: 3,
    maxDomains: 5,
    maxCampaignsPerMonth: 20,
    apiRateLimit: 120,
    maxEmailAccounts: 5,
    maxEmailsPerMonth: 10_000,
    maxWarmups: 5,
    maxContacts: 5_000,
    maxStorageGb: 5,
    apiAccess: true,
    prioritySupport: false,
    advancedAnalytics: false,
    whiteLabel: false,
    priceMonthly: 3_900,
    priceYearly: 39_000,
    notes: null,
    isActive: true,
  },
  {
    slug: "growth",
    name: "Growth",
    description: "For sales teams sending at volume across several domains.",
    maxUsers: 10,
    maxDomains: 20,
    maxCampaignsPerMonth: 100,
    apiRateLimit: 600,
    maxEmailAccounts: 25,
    maxEmailsPerMonth: 100_000,
    maxWarmups: 25,
    maxContacts: 50_000,
    maxStorageGb: 25,
    apiAccess: true,
    prioritySupport: false,
    advancedAnalytics: true,
    whiteLabel: false,
    priceMonthly: 9_900,
    priceYearly: 99_000,
    notes: null,
    isActive: true,
  },
  {
    slug: "scale",
    name: "Scale",
    description: "For agencies and outbound teams running many clients and mailboxes.",
    maxUsers: 50,
    maxDomains: 100,
    maxCampaignsPerMonth: 500,
    apiRateLimit: 3_000,
    maxEmailAccounts: 150,
    maxEmailsPerMonth: 500_000,
    maxWarmups: 150,
    maxContacts: 250_000,
    maxStorageGb: 100,
    apiAccess: true,
    prioritySupport: true,
    advancedAnalytics: true,
    whiteLabel: true,
    priceMonthly: 29_900,
    priceYearly: 299_000,
    notes: null,
    isActive: true,
  },
];

/** The staff permissions of CONTRACT.md "Access"; each `admin.*` procedure is gated by one of them. */
export const PERMISSIONS = [
  { name: "tenants:read", category: "tenants", description: "View tenants, their members, subscriptions and usage." },
  { name: "tenants:write", category: "tenants", description: "Suspend and restore tenants." },
  { name: "billing:write", category: "billing", description: "Create, change and deactivate plans." },
  { name: "infra:read", category: "infrastructure", description: "View VPS instances, SMTP IPs and IP assignments." },
  {
    name: "infra:write",
    category: "infrastructure",
    description: "Provision and decommission VPS instances, manage SMTP IPs and assign them to domains.",
  },
  { name: "staff:manage", category: "staff", description: "Add and remove staff, manage roles and their grants." },
  { name: "config:read", category: "config", description: "Read system configuration; sensitive values redacted." },
  { name: "config:write", category: "config", description: "Set and delete system configuration." },
  { name: "config:secrets", category: "config", description: "Reveal sensitive system configuration values." },
  { name: "flags:write", category: "features", description: "Create, change and delete feature flags." },
  { name: "reports:read", category: "reports", description: "Read business reports such as cost attribution." },
] as const;

export type PermissionName = (typeof PERMISSIONS)[number]["name"];

export interface StaffRoleDefinition {
  name: string;
  description: string;
  /** `"all"` follows the permission list, including permissions added by later releases. */
  permissions: "all" | readonly PermissionName[];
}

export const STAFF_ROLES: readonly StaffRoleDefinition[] = [
  { name: "superadmin", description: "Every staff capability.", permissions: "all" },
  {
    name: "support",
    description: "Customer support: looks up tenants and their setup, suspends abusive tenants.",
    permissions: ["tenants:read", "tenants:write", "infra:read", "config:read"],
  },
  {
    name: "ops",
    description: "Operations: runs the sending infrastructure, system configuration and feature flags.",
    permissions: [
      "tenants:read",
      "infra:read",
      "infra:write",
      "config:read",
      "config:write",
      "flags:write",
      "reports:read",
    ],
  },
  {
    name: "finance",
    description: "Finance: manages plans and reads revenue and cost reports.",
    permissions: ["tenants:read", "billing:write", "reports:read"],
  },
];

/**
 * Creates whatever part of the plan catalog, permissions and staff roles is missing; safe on every
 * start and under concurrent starts (inserts skip rows that exist). Rows that exist are left alone,
 * because staff own them after creation: a repriced plan or a revoked grant must survive a restart.
 * The one exception is superadmin, which by definition holds every permission.
 */
export async function seedReferenceData(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(plans)
      .values([...PLAN_CATALOG])
      .onConflictDoNothing({ target: plans.slug });
    await tx
      .insert(permissions)
      .values([...PERMISSIONS])
      .onConflictDoNothing({ target: permissions.name });
    const created = await tx
      .insert(staffRoles)
      .values(STAFF_ROLES.map(({ name, description }) => ({ name, description })))
      .onConflictDoNothing({ target: staffRoles.name })
      .returning({ name: staffRoles.name });
    const createdNow = new Set(created.map((r) => r.name));

    const allPermissions = await tx.select({ id: permissions.id, name: permissions.name }).from(permissions);
    const roleIds = await tx
      .select({ id: staffRoles.id, name: staffRoles.name })
      .from(staffRoles)
      .where(
        inArray(
          staffRoles.name,
          STAFF_ROLES.map((r) => r.name),
        ),
      );
    const grants = STAFF_ROLES.flatMap((role) => {
      const roleId = roleIds.find((r) => r.name === role.name)?.id;
      if (roleId === undefined || (role.permissions !== "all" && !createdNow.has(role.name))) return [];
      const granted = role.permissions;
      return allPermissions
        .filter((p) => granted === "all" || granted.some((name) => name === p.name))
        .map((p) => ({ roleId, permissionId: p.id }));
    });
    if (grants.length > 0) await tx.insert(staffRolePermissions).values(grants).onConflictDoNothing();
  });
}
