import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { idColumn, tenantIdColumn, timestamps, tz } from "./columns.js";
import { templates } from "./content.js";
import { tenants } from "./identity.js";
import { companies, emailAccounts } from "./sending.js";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `campaigns.sending_window`: sending days and hours `[start_hour, end_hour)` in an IANA time zone. */
export interface SendingWindow {
  timezone: string;
  days: Weekday[];
  start_hour: number;
  end_hour: number;
}

export const campaigns = pgTable(
  "campaigns",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    companyId: uuid().notNull(),
    name: varchar({ length: 200 }).notNull(),
    description: text(),
    status: varchar({ length: 50 }).notNull().default("draft"),
    scheduled: tz(),
    completed: tz(),
    /** When the campaign first went active; launches per month count these. */
    launched: tz(),
    /** When sending may happen, in the campaign's time zone; null sends at any time. */
    sendingWindow: jsonb().$type<SendingWindow>(),
    /** New first-step emails a day (in the window's time zone, UTC without a window); null = no limit. */
    dailyLimit: integer(),
    stopOnReply: boolean().notNull().default(true),
    trackOpens: boolean().notNull().default(false),
    trackClicks: boolean().notNull().default(false),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }),
    index("campaigns_company_idx").on(t.tenantId, t.companyId),
    index("campaigns_status_idx").on(t.tenantId, t.status, t.id),
  ],
);

export const campaignSequenceSteps = pgTable(
  "campaign_sequence_steps",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    campaignId: uuid().notNull(),
    stepOrder: integer().notNull(),
    stepType: varchar({ length: 50 }).notNull(),
    emailAccountId: uuid(),
    templateId: uuid(),
    subjectOverride: varchar({ length: 500 }),
    fromNameOverride: varchar({ length: 100 }),
    waitDurationHours: integer(),
    waitUntilDate: tz(),
    conditionType: varchar({ length: 50 }),
    conditionValue: varchar({ length: 100 }),
    sendCondition: text(),
    isActive: boolean().notNull().default(true),
    executedCount: integer().notNull().default(0),
    lastExecuted: tz(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      columns: [t.tenantId, t.emailAccountId],
      foreignColumns: [emailAccounts.tenantId, emailAccounts.id],
    }),
    foreignKey({ columns: [t.tenantId, t.templateId], foreignColumns: [templates.tenantId, templates.id] }),
    unique("campaign_steps_order_uq").on(t.tenantId, t.campaignId, t.stepOrder),
    index("campaign_steps_email_account_idx").on(t.tenantId, t.emailAccountId),
    index("campaign_steps_template_idx").on(t.tenantId, t.templateId),
  ],
);
