import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { idColumn, tenantIdColumn, timestamps, tz } from "./columns.js";
import { tenants } from "./identity.js";

export const companies = pgTable(
  "companies",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    name: varchar({ length: 100 }).notNull(),
    workspaceName: varchar({ length: 255 }).notNull(),
    logoUrl: text(),
    status: varchar({ length: 20 }).notNull().default("active"),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("companies_workspace_name_uq").on(t.workspaceName)],
);

/** One entry of `domains.dns_records`: a record the customer publishes and what verification last saw. */
export interface DnsRecord {
  purpose: "ownership" | "spf" | "dkim" | "dmarc" | "mx";
  type: "TXT" | "MX" | "CNAME";
  host: string;
  value: string;
  priority?: number;
  status?: "found" | "missing" | "wrong_value";
  seen?: string[];
  checkedAt?: string;
}

export const domains = pgTable(
  "domains",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    companyId: uuid().notNull(),
    domain: varchar({ length: 253 }).notNull(),
    verificationStatus: varchar({ length: 50 }).notNull().default("pending"),
    dnsRecords: jsonb().$type<DnsRecord[]>().notNull().default(sql`'[]'::jsonb`),
    isPrimary: boolean().notNull().default(false),
    verified: tz(),
    mailuDomain: text(),
    dnsTtlObserved: integer(),
    dnsLastVerifiedAt: tz(),
    dnsVerificationError: text(),
    dnsVerificationAttempts: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }),
    index("domains_company_idx").on(t.tenantId, t.companyId),
    uniqueIndex("domains_tenant_domain_uq").on(t.tenantId, sql`lower(${t.domain})`),
    uniqueIndex("domains_one_primary_per_company_uq").on(t.tenantId, t.companyId).where(sql`${t.isPrimary}`),
  ],
);

export interface MailServerSettings {
  host: string;
  port: number;
  security: "ssl" | "starttls" | "none";
  username: string;
}

export const emailAccounts = pgTable(
  "email_accounts",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    domainId: uuid().notNull(),
    email: varchar({ length: 255 }).notNull(),
    provider: varchar({ length: 50 }).notNull().default("smtp"),
    vaultKeyPath: varchar({ length: 500 }),
    imapSettings: jsonb().$type<MailServerSettings>(),
    smtpSettings: jsonb().$type<MailServerSettings>(),
    status: varchar({ length: 50 }).notNull().default("active"),
    lastWarmed: tz(),
    dailyCount: integer().notNull().default(0),
    /** Sends allowed per day for this mailbox; recordSend refuses past it. */
    dailyCap: integer().notNull().default(50),
    /** The day (in the tenant's time zone) that `daily_count` counts; a new day starts from zero. */
    dailyCountDate: date({ mode: "string" }),
    /** Set while warmup runs; active warmups count against the plan's `max_warmups`. */
    warmupStarted: tz(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.domainId], foreignColumns: [domains.tenantId, domains.id] }),
    index("email_accounts_domain_idx").on(t.tenantId, t.domainId),
    uniqueIndex("email_accounts_tenant_email_uq").on(t.tenantId, sql`lower(${t.email})`),
    index("email_accounts_status_idx").on(t.tenantId, t.status, t.id),
  ],
);
