import { sql } from "drizzle-orm";
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { idColumn, money, tenantIdColumn, timestamps, tz } from "./columns.js";
import { tenants } from "./identity.js";
import { domains } from "./sending.js";

export const vpsInstances = pgTable(
  "vps_instances",
  {
    id: idColumn().primaryKey(),
    hostwindsInstanceId: varchar({ length: 255 }).notNull(),
    ipAddress: varchar({ length: 45 }).notNull(),
    region: varchar({ length: 50 }).notNull(),
    status: varchar({ length: 50 }).notNull().default("active"),
    monthlyCost: money().notNull(),
    approximateCost: money(),
    hostwindsBillingDay: integer(),
    currentBillingPeriodStart: tz(),
    currentBillingPeriodEnd: tz(),
    decommissionScheduledFor: tz(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("vps_instances_hostwinds_id_uq").on(t.hostwindsInstanceId),
    index("vps_instances_status_idx").on(t.status, t.id),
  ],
);

/** Per-provider blacklist result, e.g. `{ spamhaus: false, barracuda: true }`. */
export type BlacklistStatus = Record<string, boolean>;

export const smtpIpAddresses = pgTable(
  "smtp_ip_addresses",
  {
    id: idColumn().primaryKey(),
    vpsInstanceId: uuid()
      .notNull()
      .references(() => vpsInstances.id),
    ipAddress: varchar({ length: 45 }).notNull(),
    status: varchar({ length: 50 }).notNull().default("active"),
    reputationState: varchar({ length: 50 }).notNull().default("good"),
    approximateCost: money(),
    lastReputationCheck: tz(),
    assignedCount: integer().notNull().default(0),
    providerBlacklistStatus: jsonb().$type<BlacklistStatus>().notNull().default(sql`'{}'::jsonb`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("smtp_ip_addresses_ip_uq").on(t.ipAddress),
    index("smtp_ip_addresses_vps_idx").on(t.vpsInstanceId),
    index("smtp_ip_addresses_pick_idx").on(t.status, t.reputationState, t.assignedCount),
  ],
);

export const domainIpAssignments = pgTable(
  "domain_ip_assignments",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    domainId: uuid().notNull(),
    smtpIpAddressId: uuid()
      .notNull()
      .references(() => smtpIpAddresses.id),
    status: varchar({ length: 50 }).notNull().default("active"),
    assigned: tz().notNull().defaultNow(),
    expires: tz(),
    warmupState: varchar({ length: 50 }).notNull().default("new"),
    lastSent: tz(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.domainId], foreignColumns: [domains.tenantId, domains.id] }),
    index("domain_ip_assignments_domain_idx").on(t.tenantId, t.domainId),
    index("domain_ip_assignments_ip_idx").on(t.smtpIpAddressId),
    uniqueIndex("domain_ip_assignments_one_active_uq").on(t.tenantId, t.domainId).where(sql`${t.status} = 'active'`),
  ],
);
