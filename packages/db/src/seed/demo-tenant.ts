import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import {
  apiKeys,
  companies,
  leads,
  plans,
  subscriptions,
  tenantConfig,
  tenantPolicies,
  tenants,
  tenantUsers,
  userCredentials,
  users,
} from "../schema/index.js";

export const DEMO_USER_EMAIL = "demo@outbound.test";
export const DEMO_TENANT_NAME = "Demo Outreach Co";
export const DEMO_PLAN_SLUG = "growth";

export interface DemoTenantOptions {
  /** Hash of the API key the caller generated and shows once; the secret itself never reaches the database. */
  apiKeyHash: string;
  apiKeyPrefix: string;
  /** The owner's password hash (the caller hashes the password it shows); without one the owner can't sign in. */
  passwordHash?: string;
  /** Clock for the subscription period; the current month by default. */
  now?: Date;
}

type LeadStatus = "new" | "contacted" | "replied" | "interested" | "not_interested" | "bounced" | "unsubscribed";

/**
 * Demo prospects. Addresses use the reserved `.example` TLD so a demo campaign can never mail a real
 * person; emails are lower-case like every lead the API stores.
 */
const DEMO_LEADS: readonly [name: string, company: string, email: string, status: LeadStatus][] = [
  ["Maya Patel", "Northwind Logistics", "maya.patel@northwind-logistics.example", "new"],
  ["Lucas Fernández", "Brightline Dental", "lucas@brightlinedental.example", "new"],
  ["Aisha Okafor", "Kestrel Analytics", "aisha.okafor@kestrel-analytics.example", "new"],
  ["Tom Becker", "Harbor & Pine Realty", "tom.becker@harborpine.example", "new"],
  ["Sofia Rossi", "Lumen Solar", "sofia@lumensolar.example", "new"],
  ["Daniel Kim", "Ridgeway Fitness", "daniel.kim@ridgewayfit.example", "new"],
  ["Emma Lindqvist", "Nordlys Design", "emma.lindqvist@nordlys.example", "new"],
  ["Omar Haddad", "Cedar Point Insurance", "omar@cedarpoint-ins.example", "new"],
  ["Priya Sharma", "Quantum Ledger", "priya.sharma@quantumledger.example", "contacted"],
  ["James O'Connor", "Atlas Freight", "james.oconnor@atlasfreight.example", "contacted"],
  ["Chloé Martin", "Maison Verte", "chloe.martin@maisonverte.example", "contacted"],
  ["Noah Williams", "Summit HR", "noah@summithr.example", "contacted"],
  ["Hana Suzuki", "Kaizen Robotics", "hana@kaizenrobotics.example", "contacted"],
  ["Mateo Silva", "Vista Clinics", "mateo@vistaclinics.example", "contacted"],
  ["Grace Adeyemi", "Beacon Legal", "grace@beaconlegal.example", "contacted"],
  ["Liam Murphy", "Clover Payroll", "liam@cloverpayroll.example", "replied"],
  ["Yara Nassar", "Oasis Hospitality", "yara@oasishotels.example", "replied"],
  ["Ethan Brooks", "Ironclad Security", "ethan.brooks@ironcladsec.example", "replied"],
  ["Isabella Costa", "Pulse Marketing", "isabella.costa@pulsemktg.example", "interested"],
  ["Felix Wagner", "Alpenrose Foods", "felix.wagner@alpenrose.example", "interested"],
  ["Zoe Chen", "Lattice Cloud", "zoe.chen@latticecloud.example", "interested"],
  ["Ravi Iyer", "Monsoon Textiles", "ravi@monsoontextiles.example", "not_interested"],
  ["Olivia Johnson", "Evergreen Schools", "olivia.johnson@evergreenschools.example", "not_interested"],
  ["Marco Bianchi", "Vela Yachts", "marco@velayachts.example", "bounced"],
  ["Nora Hansen", "Fjord Outdoor", "nora@fjordoutdoor.example", "unsubscribed"],
];

/** True once any tenant exists, deleted ones included: then the database is not fresh and needs no demo. */
export async function hasAnyTenant(db: Database): Promise<boolean> {
  const rows = await db.select({ one: sql<number>`1` }).from(tenants).limit(1);
  return rows.length > 0;
}

/**
 * A ready-to-use demo workspace: owner, config, policies, an active Growth subscription for the
 * current month, a write API key and a list of leads. One transaction, so a failure leaves nothing
 * half-made. Needs `seedReferenceData` first (the plan catalog).
 */
export async function seedDemoTenant(
  db: Database,
  options: DemoTenantOptions,
): Promise<{ tenantId: string; userId: string }> {
  return db.transaction(async (tx) => {
    const [plan] = await tx.select({ id: plans.id }).from(plans).where(eq(plans.slug, DEMO_PLAN_SLUG));
    if (!plan) throw new Error(`plan "${DEMO_PLAN_SLUG}" is missing; run seedReferenceData first`);
    const existing = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(sql`lower(${users.email})`, DEMO_USER_EMAIL), isNull(users.deleted)));
    if (existing.length > 0) throw new Error(`the demo user ${DEMO_USER_EMAIL} already exists`);

    const now = options.now ?? new Date();
    const [user] = await tx
      .insert(users)
      .values({ email: DEMO_USER_EMAIL, name: "Demo User", givenName: "Demo", familyName: "User", emailVerified: now })
      .returning({ id: users.id });
    const [tenant] = await tx.insert(tenants).values({ name: DEMO_TENANT_NAME }).returning({ id: tenants.id });
    if (!user || !tenant) throw new Error("insert returned no row");
    const tenantId = tenant.id;

    if (options.passwordHash) {
      await tx.insert(userCredentials).values({ userId: user.id, passwordHash: options.passwordHash });
    }
    await tx.insert(tenantUsers).values({ tenantId, userId: user.id, roles: ["owner"], email: DEMO_USER_EMAIL });
    await tx.insert(tenantConfig).values({ tenantId, billingEmail: DEMO_USER_EMAIL });
    await tx.insert(tenantPolicies).values({ tenantId });
    await tx.insert(subscriptions).values({
      tenantId,
      planId: plan.id,
      status: "active",
      billingInterval: "month",
      currentPeriodStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
      currentPeriodEnd: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
      billingContactUserId: user.id,
    });
    await tx.insert(apiKeys).values({
      tenantId,
      name: "Demo key",
      prefix: options.apiKeyPrefix,
      keyHash: options.apiKeyHash,
      scope: "write",
      createdByUserId: user.id,
    });
    await tx.insert(companies).values({ tenantId, name: DEMO_TENANT_NAME, workspaceName: "demo-outreach" });
    await tx
      .insert(leads)
      .values(DEMO_LEADS.map(([name, company, email, status]) => ({ tenantId, name, company, email, status })));
    return { tenantId, userId: user.id };
  });
}
