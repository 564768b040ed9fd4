import { randomBytes } from "node:crypto";
import { and, asc, eq, inArray, TransactionRollbackError } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { testEnv } from "../../testing/src/env.js";
// By path, not as a dependency: @outbound/testing depends on @outbound/db, so the reverse would be a cycle.
import { useTestDatabase } from "../../testing/src/lifecycle.js";
import type { Database } from "../src/client.js";
import { findApiKeyByHash } from "../src/queries/api-keys.js";
import {
  apiKeys,
  companies,
  leads,
  permissions,
  plans,
  staffRolePermissions,
  staffRoles,
  subscriptions,
  tenantConfig,
  tenantPolicies,
  tenants,
  tenantUsers,
  users,
} from "../src/schema/index.js";
import { hasAnyTenant, seedDemoTenant, seedReferenceData } from "../src/seed/index.js";

/** From CONTRACT.md "Access": what staff procedures are gated by. */
const CONTRACT_PERMISSIONS = [
  "billing:write",
  "config:read",
  "config:secrets",
  "config:write",
  "flags:write",
  "infra:read",
  "infra:write",
  "reports:read",
  "staff:manage",
  "tenants:read",
  "tenants:write",
];
const PLAN_ORDER = ["free", "starter", "growth", "scale"];
const PLAN_LIMITS = [
  "maxUsers",
  "maxDomains",
  "maxCampaignsPerMonth",
  "apiRateLimit",
  "maxEmailAccounts",
  "maxEmailsPerMonth",
  "maxWarmups",
  "maxContacts",
  "maxStorageGb",
] as const;
/** The lead statuses the API accepts (packages/api LEAD_STATUSES). */
const LEAD_STATUSES = ["new", "contacted", "replied", "interested", "not_interested", "bounced", "unsubscribed"];

/** On the shared PostgreSQL other test files may add rows, so only a private database can be checked for "exactly". */
const privateDatabase = !testEnv.databaseUrl;

const database = useTestDatabase();

beforeAll(async () => {
  await seedReferenceData(database.db);
});

/** Runs `fn` in a transaction that is always rolled back, so the shared PostgreSQL keeps no demo rows. */
async function rolledBack(fn: (tx: Database) => Promise<void>): Promise<void> {
  try {
    await database.db.transaction(async (tx) => {
      await fn(tx);
      tx.rollback();
    });
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) throw error;
  }
}

async function referenceSnapshot(db: Database) {
  return {
    plans: await db.select().from(plans).orderBy(asc(plans.slug)),
    permissions: await db.select().from(permissions).orderBy(asc(permissions.name)),
    roles: await db.select().from(staffRoles).orderBy(asc(staffRoles.name)),
    grants: await db
      .select()
      .from(staffRolePermissions)
      .orderBy(asc(staffRolePermissions.roleId), asc(staffRolePermissions.permissionId)),
  };
}

async function grantsOf(db: Database, role: string): Promise<string[]> {
  const rows = await db
    .select({ name: permissions.name })
    .from(staffRolePermissions)
    .innerJoin(staffRoles, eq(staffRoles.id, staffRolePermissions.roleId))
    .innerJoin(permissions, eq(permissions.id, staffRolePermissions.permissionId))
    .where(eq(staffRoles.name, role));
  return rows.map((r) => r.name).sort();
}

async function revoke(db: Database, role: string, permission: string): Promise<void> {
  const [roleRow] = await db.select({ id: staffRoles.id }).from(staffRoles).where(eq(staffRoles.name, role));
  const [permissionRow] = await db
    .select({ id: permissions.id })
    .from(permissions)
    .where(eq(permissions.name, permission));
  if (!roleRow || !permissionRow) throw new Error(`no ${role} or ${permission}`);
  await db
    .delete(staffRolePermissions)
    .where(and(eq(staffRolePermissions.roleId, roleRow.id), eq(staffRolePermissions.permissionId, permissionRow.id)));
}

describe("seedReferenceData", () => {
  it("changes nothing when run again", async () => {
    const before = await referenceSnapshot(database.db);
    await seedReferenceData(database.db);
    await seedReferenceData(database.db);
    expect(await referenceSnapshot(database.db)).toEqual(before);
  });

  it("creates exactly the contract's permissions, each described and categorised", async () => {
    const rows = await database.db.select().from(permissions).orderBy(asc(permissions.name));
    expect(rows.map((p) => p.name)).toEqual(CONTRACT_PERMISSIONS);
    for (const p of rows) {
      expect(p.description).toMatch(/\w{3,}/);
      expect(p.category).toMatch(/^[a-z]+$/);
    }
  });

  it.runIf(privateDatabase)("leaves exactly the plan catalog and the four staff roles", async () => {
    const snapshot = await referenceSnapshot(database.db);
    expect(snapshot.plans.map((p) => p.slug).sort()).toEqual([...PLAN_ORDER].sort());
    expect(snapshot.roles.map((r) => r.name)).toEqual(["finance", "ops", "superadmin", "support"]);
  });

  it("fills every limit and price, growing from free to scale", async () => {
    const rows = await database.db.select().from(plans).where(inArray(plans.slug, PLAN_ORDER));
    const ordered = PLAN_ORDER.map((slug) => rows.find((p) => p.slug === slug));
    const [free, ...paid] = ordered;
    if (!free) throw new Error("no free plan");
    expect(free).toMatchObject({ priceMonthly: 0, priceYearly: 0, apiAccess: false, isActive: true });
    ordered.forEach((plan, i) => {
      if (!plan) throw new Error(`plan ${PLAN_ORDER[i]} is missing`);
      expect(plan.name).not.toBe("");
      expect(plan.description).toMatch(/\w{3,}/);
      const previous = ordered[i - 1];
      for (const limit of PLAN_LIMITS) {
        expect(Number.isInteger(plan[limit]), `${plan.slug}.${limit}`).toBe(true);
        expect(plan[limit], `${plan.slug}.${limit}`).toBeGreaterThan(previous ? previous[limit] : 0);
      }
      if (previous) expect(plan.priceMonthly).toBeGreaterThan(previous.priceMonthly);
    });
    for (const plan of paid) {
      if (!plan) continue;
      expect(plan).toMatchObject({ apiAccess: true, isActive: true });
      expect(Number.isInteger(plan.priceMonthly) && Number.isInteger(plan.priceYearly)).toBe(true);
      // Paying yearly is cheaper than twelve months, and never free.
      expect(plan.priceYearly).toBeGreaterThan(plan.priceMonthly);
      expect(plan.priceYearly).toBeLessThan(plan.priceMonthly * 12);
    }
  });

  it("grants superadmin every permission, and nobody else staff management or secrets", async () => {
    expect(await grantsOf(database.db, "superadmin")).toEqual(CONTRACT_PERMISSIONS);
    for (const role of ["support", "ops", "finance"]) {
      const grants = await grantsOf(database.db, role);
      expect(grants.length, role).toBeGreaterThan(0);
      expect(grants, role).toContain("tenants:read");
      expect(grants, role).not.toContain("staff:manage");
      expect(grants, role).not.toContain("config:secrets");
    }
    expect(await grantsOf(database.db, "finance")).toContain("billing:write");
    expect(await grantsOf(database.db, "ops")).toContain("infra:write");
  });

  it("keeps what staff changed since, except that superadmin keeps every permission", () =>
    rolledBack(async (tx) => {
      await tx.update(plans).set({ priceMonthly: 12_300 }).where(eq(plans.slug, "growth"));
      await revoke(tx, "finance", "reports:read");
      await revoke(tx, "superadmin", "config:secrets");
      await seedReferenceData(tx);
      const [growth] = await tx.select({ price: plans.priceMonthly }).from(plans).where(eq(plans.slug, "growth"));
      expect(growth?.price).toBe(12_300);
      expect(await grantsOf(tx, "finance")).not.toContain("reports:read");
      expect(await grantsOf(tx, "superadmin")).toEqual(CONTRACT_PERMISSIONS);
    }));
});

describe("seedDemoTenant", () => {
  const demoKey = () => ({ apiKeyHash: randomBytes(32).toString("hex"), apiKeyPrefix: "ob_live_demo01" });

  it.runIf(privateDatabase)("reports no tenant on a fresh database", async () => {
    expect(await hasAnyTenant(database.db)).toBe(false);
  });

  it("creates a tenant with its owner, config, a current Growth subscription and a working key", () =>
    rolledBack(async (tx) => {
      const key = demoKey();
      const { tenantId, userId } = await seedDemoTenant(tx, key);
      expect(await hasAnyTenant(tx)).toBe(true);

      const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
      expect(tenant).toMatchObject({ name: "Demo Outreach Co", deleted: null, suspended: null });
      const [user] = await tx.select().from(users).where(eq(users.id, userId));
      expect(user?.email).toBe("demo@outbound.test");
      const members = await tx.select().from(tenantUsers).where(eq(tenantUsers.tenantId, tenantId));
      expect(members).toEqual([expect.objectContaining({ userId, roles: ["owner"], deleted: null })]);
      expect(await tx.select().from(tenantConfig).where(eq(tenantConfig.tenantId, tenantId))).toHaveLength(1);
      expect(await tx.select().from(tenantPolicies).where(eq(tenantPolicies.tenantId, tenantId))).toHaveLength(1);

      const subs = await tx
        .select({
          slug: plans.slug,
          status: subscriptions.status,
          start: subscriptions.currentPeriodStart,
          end: subscriptions.currentPeriodEnd,
        })
        .from(subscriptions)
        .innerJoin(plans, eq(plans.id, subscriptions.planId))
        .where(eq(subscriptions.tenantId, tenantId));
      expect(subs).toEqual([expect.objectContaining({ slug: "growth", status: "active" })]);
      const now = new Date();
      expect(subs[0]?.start).toEqual(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
      expect(subs[0]?.end).toEqual(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));

      // The key authenticates into the demo tenant, exactly as the API looks keys up.
      expect(await findApiKeyByHash(tx, key.apiKeyHash)).toMatchObject({ tenantId, scope: "write", revoked: null });
      const [keyRow] = await tx.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId));
      expect(keyRow).toMatchObject({ name: "Demo key", prefix: key.apiKeyPrefix, createdByUserId: userId });
      expect(await tx.select().from(companies).where(eq(companies.tenantId, tenantId))).toHaveLength(1);
    }));

  it("adds about 25 leads the API would accept, in varied statuses", () =>
    rolledBack(async (tx) => {
      const { tenantId } = await seedDemoTenant(tx, demoKey());
      const rows = await tx.select().from(leads).where(eq(leads.tenantId, tenantId));
      expect(rows.length).toBeGreaterThanOrEqual(20);
      expect(rows.length).toBeLessThanOrEqual(30);
      for (const lead of rows) {
        expect(lead.email).toMatch(/^[a-z0-9.]+@[a-z0-9-]+\.example$/);
        expect(lead.name).not.toBeNull();
        expect(lead.company).not.toBeNull();
        expect(LEAD_STATUSES).toContain(lead.status);
      }
      expect(new Set(rows.map((l) => l.status)).size).toBeGreaterThanOrEqual(5);
    }));

  it("refuses to create the demo user twice", () =>
    rolledBack(async (tx) => {
      await seedDemoTenant(tx, demoKey());
      await expect(seedDemoTenant(tx, demoKey())).rejects.toThrow(/already exists/);
    }));
});
