import { sql } from "drizzle-orm";
import {
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
import { campaignSequenceSteps, campaigns } from "./campaigns.js";
import { created, idColumn, tenantIdColumn, tz, updated } from "./columns.js";
import { leads } from "./content.js";
import { tenants } from "./identity.js";
import { emailAccounts } from "./sending.js";

/**
 * A lead enrolled in a campaign: the engine's unit of work. `next_action_at` is when the engine
 * next looks at it (null once it has ended); `locked_by`/`locked_until` are a worker's lease on it,
 * so a claim never holds a row lock across an SMTP conversation.
 */
export const campaignLeads = pgTable(
  "campaign_leads",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    campaignId: uuid().notNull(),
    leadId: uuid().notNull(),
    status: varchar({ length: 20 }).notNull().default("active"),
    /** The step the enrollment runs next; once ended, the step it stopped at. */
    currentStepOrder: integer().notNull().default(1),
    nextActionAt: tz(),
    /** The lead's sender, chosen at its first email and kept for the whole sequence. */
    emailAccountId: uuid(),
    finishedReason: varchar({ length: 300 }),
    /** Why the enrollment waits (quota, cap, mailbox paused), shown to the tenant; null when nothing holds it. */
    lastError: text(),
    /** Message-ID of the lead's first email of this campaign: follow-ups thread on it. */
    threadMessageId: varchar({ length: 300 }),
    /** When the last email step sent: condition windows count from it. */
    lastEmailAt: tz(),
    lockedBy: uuid(),
    lockedUntil: tz(),
    finished: tz(),
    enrolled: created(),
    updated: updated(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete("cascade"),
    foreignKey({
      columns: [t.tenantId, t.emailAccountId],
      foreignColumns: [emailAccounts.tenantId, emailAccounts.id],
    }),
    uniqueIndex("campaign_leads_campaign_lead_uq").on(t.tenantId, t.campaignId, t.leadId),
    index("campaign_leads_lead_idx").on(t.tenantId, t.leadId),
    index("campaign_leads_email_account_idx").on(t.tenantId, t.emailAccountId),
    index("campaign_leads_campaign_status_idx").on(t.tenantId, t.campaignId, t.status, t.id),
    // The claim reads one campaign's due enrollments (a single-tenant statement); discovery reads
    // the due ones of every tenant without locking them.
    index("campaign_leads_due_idx").on(t.tenantId, t.campaignId, t.nextActionAt).where(sql`${t.status} = 'active'`),
    index("campaign_leads_due_any_idx").on(t.nextActionAt, t.tenantId, t.campaignId).where(sql`${t.status} = 'active'`),
  ],
);

/** Every email the engine tried to send; one per enrollment and step, ever. */
export const messages = pgTable(
  "messages",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    campaignId: uuid().notNull(),
    stepId: uuid().notNull(),
    leadId: uuid().notNull(),
    campaignLeadId: uuid().notNull(),
    emailAccountId: uuid().notNull(),
    /** RFC 5322 Message-ID, angle brackets included. */
    messageId: varchar({ length: 300 }).notNull(),
    inReplyTo: varchar({ length: 300 }),
    fromEmail: varchar({ length: 255 }).notNull(),
    toEmail: varchar({ length: 255 }).notNull(),
    subject: varchar({ length: 1000 }).notNull(),
    /** The rendered body as sent: HTML when the template is HTML, else plain text. */
    body: text().notNull(),
    textBody: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull(),
    status: varchar({ length: 20 }).notNull().default("queued"),
    smtpResponse: text(),
    attempts: integer().notNull().default(0),
    /** Set while an SMTP attempt runs; still set after a crash means the outcome is unknown. */
    sendingSince: tz(),
    sentAt: tz(),
    created: created(),
    updated: updated(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      columns: [t.tenantId, t.stepId],
      foreignColumns: [campaignSequenceSteps.tenantId, campaignSequenceSteps.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete("cascade"),
    foreignKey({
      columns: [t.tenantId, t.campaignLeadId],
      foreignColumns: [campaignLeads.tenantId, campaignLeads.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.tenantId, t.emailAccountId],
      foreignColumns: [emailAccounts.tenantId, emailAccounts.id],
    }),
    uniqueIndex("messages_enrollment_step_uq").on(t.tenantId, t.campaignLeadId, t.stepId),
    index("messages_campaign_idx").on(t.tenantId, t.campaignId, t.created),
    index("messages_step_idx").on(t.tenantId, t.stepId),
    index("messages_lead_idx").on(t.tenantId, t.leadId),
    index("messages_email_account_idx").on(t.tenantId, t.emailAccountId, t.id),
    index("messages_message_id_idx").on(t.tenantId, t.messageId),
  ],
);

export const EMAIL_EVENT_TYPES = [
  "sent",
  "bounced",
  "replied",
  "auto_replied",
  "opened",
  "clicked",
  "unsubscribed",
  "complained",
] as const;
export type EmailEventType = (typeof EMAIL_EVENT_TYPES)[number];

/** What happened to a message or a lead. */
export const emailEvents = pgTable(
  "email_events",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    type: varchar({ length: 30 }).$type<EmailEventType>().notNull(),
    messageId: uuid(),
    leadId: uuid(),
    campaignId: uuid(),
    campaignLeadId: uuid(),
    stepId: uuid(),
    data: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    occurred: tz().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.messageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.campaignId], foreignColumns: [campaigns.tenantId, campaigns.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      columns: [t.tenantId, t.campaignLeadId],
      foreignColumns: [campaignLeads.tenantId, campaignLeads.id],
    }).onDelete("cascade"),
    index("email_events_message_idx").on(t.tenantId, t.messageId),
    index("email_events_lead_idx").on(t.tenantId, t.leadId),
    index("email_events_campaign_idx").on(t.tenantId, t.campaignId, t.type),
    index("email_events_campaign_lead_idx").on(t.tenantId, t.campaignLeadId),
  ],
);

export const SUPPRESSION_REASONS = ["unsubscribed", "bounced", "complained", "manual"] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** A tenant's do-not-contact list: a lower-cased address, or `@domain` for a whole domain. */
export const suppressions = pgTable(
  "suppressions",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    value: varchar({ length: 255 }).notNull(),
    reason: varchar({ length: 20 }).$type<SuppressionReason>().notNull().default("manual"),
    created: created(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("suppressions_value_uq").on(t.tenantId, t.value)],
);
