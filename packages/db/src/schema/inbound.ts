import {
  bigint,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { created, idColumn, tenantIdColumn, timestamps, tz } from "./columns.js";
import { tenants } from "./identity.js";
import { messages } from "./outreach.js";
import { emailAccounts } from "./sending.js";

/**
 * The engine's IMAP poller state of one mailbox, one row per mailbox with IMAP settings. The
 * mailbox id is the row's identity (a 1:1 extension of `email_accounts`), so the primary key is
 * `(tenant_id, email_account_id)`. `lease_owner`/`lease_until` keep one poller per mailbox
 * across processes; `next_poll_at` carries both the poll interval and the login-failure backoff.
 */
export const imapPollStates = pgTable(
  "imap_poll_states",
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    emailAccountId: uuid().notNull(),
    /** The INBOX's UIDVALIDITY when `last_uid` was read; null before the first successful poll. */
    uidValidity: bigint({ mode: "number" }),
    /** Highest UID handled (or deliberately skipped); the next poll fetches from `last_uid + 1`. */
    lastUid: bigint({ mode: "number" }).notNull().default(0),
    nextPollAt: tz(),
    leaseOwner: uuid(),
    leaseUntil: tz(),
    lastPolledAt: tz(),
    /** Why the last poll failed (login refused, connection); null once a poll succeeds. Never a password. */
    imapError: text(),
    imapFailedAt: tz(),
    /** Failed polls in a row; the backoff doubles with each. */
    failures: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.emailAccountId] }),
    foreignKey({
      columns: [t.tenantId, t.emailAccountId],
      foreignColumns: [emailAccounts.tenantId, emailAccounts.id],
    }).onDelete("cascade"),
    index("imap_poll_states_due_idx").on(t.nextPollAt, t.tenantId),
  ],
);

/**
 * One inbound email the engine acted on (a reply, an auto-reply, a bounce report). Written in
 * the transaction of its effects, with `dedup_key` unique per tenant (the inbound Message-ID, or
 * the mailbox, UIDVALIDITY and UID when it has none), so a message seen again after a crash, or
 * delivered to two of the tenant's mailboxes, is acted on once.
 */
export const inboundReceipts = pgTable(
  "inbound_receipts",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    emailAccountId: uuid().notNull(),
    dedupKey: varchar({ length: 500 }).notNull(),
    /** What it was taken for: `replied`, `auto_replied`, `bounced`, `soft_bounced`. */
    kind: varchar({ length: 20 }).notNull(),
    /** Our message it answered or reported on. */
    messageId: uuid().notNull(),
    received: created(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.emailAccountId],
      foreignColumns: [emailAccounts.tenantId, emailAccounts.id],
    }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.messageId], foreignColumns: [messages.tenantId, messages.id] }).onDelete(
      "cascade",
    ),
    uniqueIndex("inbound_receipts_dedup_uq").on(t.tenantId, t.dedupKey),
    index("inbound_receipts_message_idx").on(t.tenantId, t.messageId),
    index("inbound_receipts_email_account_idx").on(t.tenantId, t.emailAccountId),
  ],
);
