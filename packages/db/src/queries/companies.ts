import { and, count, desc, eq, lt, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { campaigns, companies, domains, tenantPolicies } from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { toPage } from "./pagination.js";

/** What a company (workspace) looks like outside the database. */
export const companyColumns = {
  id: companies.id,
  name: companies.name,
  workspaceName: companies.workspaceName,
  logoUrl: companies.logoUrl,
  status: companies.status,
  created: companies.created,
  updated: companies.updated,
};

export interface ListCompaniesArgs {
  tenantId: string;
  limit: number;
  cursor?: string | undefined;
  status?: string | undefined;
}

/** Newest first, keyset by id. */
export async function listCompanies(db: Database, args: ListCompaniesArgs) {
  const conditions: SQL[] = [eq(companies.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(companies.id, args.cursor));
  if (args.status) conditions.push(eq(companies.status, args.status));
  const rows = await db
    .select(companyColumns)
    .from(companies)
    .where(and(...conditions))
    .orderBy(desc(companies.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getCompany(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select(companyColumns)
    .from(companies)
    .where(and(eq(companies.tenantId, args.tenantId), eq(companies.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Locks the company row until the end of the transaction, so changes to which of its domains is
 * primary take turns. `no key update` leaves inserts that reference the company unblocked.
 */
export async function lockCompany(db: Database, args: { tenantId: string; id: string }): Promise<boolean> {
  const rows = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.tenantId, args.tenantId), eq(companies.id, args.id)))
    .for("no key update");
  return rows.length === 1;
}

/** The status a new company gets when the caller names none; `active` for a tenant without policies. */
export async function defaultCompanyStatus(db: Database, args: { tenantId: string }): Promise<string> {
  const rows = await db
    .select({ status: tenantPolicies.companyDefaultStatus })
    .from(tenantPolicies)
    .where(eq(tenantPolicies.tenantId, args.tenantId))
    .limit(1);
  return rows[0]?.status ?? "active";
}

export interface NewCompany {
  tenantId: string;
  name: string;
  workspaceName: string;
  logoUrl?: string | null | undefined;
  status: string;
}

export async function insertCompany(db: Database, company: NewCompany) {
  const [row] = await db.insert(companies).values(company).returning(companyColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

export type CompanyPatch = Partial<Pick<NewCompany, "name" | "workspaceName" | "logoUrl" | "status">>;

/** Null when the company is missing or `expectedUpdated` no longer matches. */
export async function updateCompany(
  db: Database,
  args: { tenantId: string; id: string; patch: CompanyPatch; expectedUpdated?: Date | undefined },
) {
  const [row] = await db
    .update(companies)
    // `updated` moves by at least a millisecond, the precision `expectedUpdated` compares at.
    .set({ ...args.patch, updated: sql`greatest(now(), ${companies.updated} + interval '1 millisecond')` })
    .where(
      and(
        eq(companies.tenantId, args.tenantId),
        eq(companies.id, args.id),
        unchangedSince(companies.updated, args.expectedUpdated),
      ),
    )
    .returning(companyColumns);
  return row ?? null;
}

/** How many rows still point at the company, with the first few names of each kind to show the caller. */
export async function companyDependents(db: Database, args: { tenantId: string; id: string; sample: number }) {
  const byCompany = (table: typeof domains | typeof campaigns) =>
    and(eq(table.tenantId, args.tenantId), eq(table.companyId, args.id));
  const [domainCount] = await db.select({ n: count() }).from(domains).where(byCompany(domains));
  const [campaignCount] = await db.select({ n: count() }).from(campaigns).where(byCompany(campaigns));
  const domainNames = await db
    .select({ name: domains.domain })
    .from(domains)
    .where(byCompany(domains))
    .orderBy(domains.domain)
    .limit(args.sample);
  const campaignNames = await db
    .select({ name: campaigns.name })
    .from(campaigns)
    .where(byCompany(campaigns))
    .orderBy(campaigns.name)
    .limit(args.sample);
  return {
    domains: { count: domainCount?.n ?? 0, names: domainNames.map((r) => r.name) },
    campaigns: { count: campaignCount?.n ?? 0, names: campaignNames.map((r) => r.name) },
  };
}

export async function deleteCompany(db: Database, args: { tenantId: string; id: string }): Promise<boolean> {
  const rows = await db
    .delete(companies)
    .where(and(eq(companies.tenantId, args.tenantId), eq(companies.id, args.id)))
    .returning({ id: companies.id });
  return rows.length === 1;
}
