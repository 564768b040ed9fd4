import { and, asc, count, desc, eq, inArray, lt, ne, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import {
  type DnsRecord,
  domainIpAssignments,
  domains,
  emailAccounts,
  smtpIpAddresses,
  systemConfig,
} from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { toPage } from "./pagination.js";

/** What a domain looks like outside the database; `dnsRecords` only ever holds public values. */
export const domainColumns = {
  id: domains.id,
  companyId: domains.companyId,
  domain: domains.domain,
  mailuDomain: domains.mailuDomain,
  isPrimary: domains.isPrimary,
  verificationStatus: domains.verificationStatus,
  verified: domains.verified,
  dnsRecords: domains.dnsRecords,
  dnsTtlObserved: domains.dnsTtlObserved,
  dnsLastVerifiedAt: domains.dnsLastVerifiedAt,
  dnsVerificationError: domains.dnsVerificationError,
  dnsVerificationAttempts: domains.dnsVerificationAttempts,
  created: domains.created,
  updated: domains.updated,
};

const byId = (args: { tenantId: string; id: string }) =>
  and(eq(domains.tenantId, args.tenantId), eq(domains.id, args.id));

/** Every write moves `updated` by at least a millisecond, the precision `expectedUpdated` compares at. */
const nextUpdated = sql`greatest(now(), ${domains.updated} + interval '1 millisecond')`;

export interface ListDomainsArgs {
  tenantId: string;
  limit: number;
  cursor?: string | undefined;
  companyId?: string | undefined;
  verificationStatus?: string | undefined;
}

/** Newest first, keyset by id. */
export async function listDomains(db: Database, args: ListDomainsArgs) {
  const conditions: SQL[] = [eq(domains.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(domains.id, args.cursor));
  if (args.companyId) conditions.push(eq(domains.companyId, args.companyId));
  if (args.verificationStatus) conditions.push(eq(domains.verificationStatus, args.verificationStatus));
  const rows = await db
    .select(domainColumns)
    .from(domains)
    .where(and(...conditions))
    .orderBy(desc(domains.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getDomain(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db.select(domainColumns).from(domains).where(byId(args)).limit(1);
  return rows[0] ?? null;
}

/** The domain locked until the end of the transaction, so verification results merge into its current records. */
export async function getDomainForUpdate(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db.select(domainColumns).from(domains).where(byId(args)).for("update");
  return rows[0] ?? null;
}

/** The sending IP actively assigned to the domain, if any: its address and warmup state, nothing else of the pool. */
export async function getActiveIpAssignment(db: Database, args: { tenantId: string; domainId: string }) {
  const rows = await db
    .select({ ipAddress: smtpIpAddresses.ipAddress, warmupState: domainIpAssignments.warmupState })
    .from(domainIpAssignments)
    .innerJoin(smtpIpAddresses, eq(smtpIpAddresses.id, domainIpAssignments.smtpIpAddressId))
    .where(
      and(
        eq(domainIpAssignments.tenantId, args.tenantId),
        eq(domainIpAssignments.domainId, args.domainId),
        eq(domainIpAssignments.status, "active"),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function countDomains(db: Database, args: { tenantId: string }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(domains).where(eq(domains.tenantId, args.tenantId));
  return row?.n ?? 0;
}

export async function companyHasPrimaryDomain(db: Database, args: { tenantId: string; companyId: string }) {
  const rows = await db
    .select({ id: domains.id })
    .from(domains)
    .where(and(eq(domains.tenantId, args.tenantId), eq(domains.companyId, args.companyId), eq(domains.isPrimary, true)))
    .limit(1);
  return rows.length === 1;
}

/** True when the tenant already has this domain name (names are stored lower-case). */
export async function domainNameTaken(db: Database, args: { tenantId: string; domain: string }) {
  const rows = await db
    .select({ id: domains.id })
    .from(domains)
    .where(and(eq(domains.tenantId, args.tenantId), sql`lower(${domains.domain}) = ${args.domain}`))
    .limit(1);
  return rows.length === 1;
}

export interface NewDomain {
  id: string;
  tenantId: string;
  companyId: string;
  domain: string;
  mailuDomain: string | null;
  isPrimary: boolean;
  dnsRecords: DnsRecord[];
}

export async function insertDomain(db: Database, domain: NewDomain) {
  const [row] = await db.insert(domains).values(domain).returning(domainColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

export type DomainPatch = Partial<
  Pick<
    typeof domains.$inferInsert,
    | "mailuDomain"
    | "dnsRecords"
    | "verificationStatus"
    | "verified"
    | "dnsTtlObserved"
    | "dnsLastVerifiedAt"
    | "dnsVerificationError"
  >
>;

/** Null when the domain is missing or `expectedUpdated` no longer matches. */
export async function updateDomain(
  db: Database,
  args: { tenantId: string; id: string; patch: DomainPatch; expectedUpdated?: Date | undefined },
) {
  const [row] = await db
    .update(domains)
    .set({ ...args.patch, updated: nextUpdated })
    .where(and(byId(args), unchangedSince(domains.updated, args.expectedUpdated)))
    .returning(domainColumns);
  return row ?? null;
}

/** Records a verification run: the patch plus one more attempt, counted in SQL so concurrent runs all count. */
export async function recordDomainVerification(
  db: Database,
  args: { tenantId: string; id: string; patch: DomainPatch },
) {
  const [row] = await db
    .update(domains)
    .set({
      ...args.patch,
      dnsVerificationAttempts: sql`${domains.dnsVerificationAttempts} + 1`,
      updated: nextUpdated,
    })
    .where(byId(args))
    .returning(domainColumns);
  return row ?? null;
}

/**
 * Makes `id` the company's only primary domain. Clearing the old one first keeps the partial
 * unique index (one primary per company) satisfied after each statement.
 */
export async function makePrimaryDomain(db: Database, args: { tenantId: string; companyId: string; id: string }) {
  await db
    .update(domains)
    .set({ isPrimary: false, updated: nextUpdated })
    .where(
      and(
        eq(domains.tenantId, args.tenantId),
        eq(domains.companyId, args.companyId),
        eq(domains.isPrimary, true),
        ne(domains.id, args.id),
      ),
    );
  const [row] = await db
    .update(domains)
    .set({ isPrimary: true, updated: nextUpdated })
    .where(and(byId(args), eq(domains.isPrimary, false)))
    .returning(domainColumns);
  return row ?? (await getDomain(db, args));
}

/** The company's oldest domain, the one promoted when the primary goes away. */
export async function oldestCompanyDomain(db: Database, args: { tenantId: string; companyId: string }) {
  const rows = await db
    .select({ id: domains.id })
    .from(domains)
    .where(and(eq(domains.tenantId, args.tenantId), eq(domains.companyId, args.companyId)))
    .orderBy(asc(domains.id))
    .limit(1);
  return rows[0] ?? null;
}

/** Mailboxes on the domain: what blocks deleting it. */
export async function domainEmailAccounts(db: Database, args: { tenantId: string; domainId: string; sample: number }) {
  const where = and(eq(emailAccounts.tenantId, args.tenantId), eq(emailAccounts.domainId, args.domainId));
  const [total] = await db.select({ n: count() }).from(emailAccounts).where(where);
  const rows = await db
    .select({ email: emailAccounts.email })
    .from(emailAccounts)
    .where(where)
    .orderBy(emailAccounts.email)
    .limit(args.sample);
  return { count: total?.n ?? 0, emails: rows.map((r) => r.email) };
}

/**
 * Deletes the domain with its ended IP assignments (history of an IP it no longer uses);
 * an active assignment is left in place, so the foreign key refuses the delete.
 */
export async function deleteDomain(db: Database, args: { tenantId: string; id: string }): Promise<boolean> {
  await db
    .delete(domainIpAssignments)
    .where(
      and(
        eq(domainIpAssignments.tenantId, args.tenantId),
        eq(domainIpAssignments.domainId, args.id),
        ne(domainIpAssignments.status, "active"),
      ),
    );
  const rows = await db.delete(domains).where(byId(args)).returning({ id: domains.id });
  return rows.length === 1;
}

/** Operator settings from `system_config` by key; a missing key is absent from the result. */
export async function getSystemConfigValues(db: Database, keys: string[]): Promise<Record<string, unknown>> {
  if (keys.length === 0) return {};
  const rows = await db
    .select({ key: systemConfig.key, value: systemConfig.value })
    .from(systemConfig)
    .where(inArray(systemConfig.key, keys));
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}
