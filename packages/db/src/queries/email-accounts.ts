import { and, count, desc, eq, isNotNull, isNull, lt, ne, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import {
  campaignSequenceSteps,
  campaigns,
  domains,
  emailAccounts,
  type MailServerSettings,
  tenantConfig,
  tenantUsage,
} from "../schema/index.js";
import { unchangedSince } from "./concurrency.js";
import { toPage } from "./pagination.js";

/**
 * A mailbox as clients see it. Passwords live in the secret store; a mailbox always has its
 * SMTP password, and its IMAP password exactly when it has IMAP settings (the services keep
 * both invariants), so the flags are read from the row without asking the store.
 */
export const emailAccountColumns = {
  id: emailAccounts.id,
  domainId: emailAccounts.domainId,
  email: emailAccounts.email,
  provider: emailAccounts.provider,
  status: emailAccounts.status,
  smtpSettings: emailAccounts.smtpSettings,
  imapSettings: emailAccounts.imapSettings,
  hasSmtpPassword: sql<boolean>`(${emailAccounts.vaultKeyPath} is not null and ${emailAccounts.smtpSettings} is not null)`,
  hasImapPassword: sql<boolean>`(${emailAccounts.vaultKeyPath} is not null and ${emailAccounts.imapSettings} is not null)`,
  vaultKeyPath: emailAccounts.vaultKeyPath,
  dailyCap: emailAccounts.dailyCap,
  dailyCount: emailAccounts.dailyCount,
  dailyCountDate: emailAccounts.dailyCountDate,
  warmupStarted: emailAccounts.warmupStarted,
  lastWarmed: emailAccounts.lastWarmed,
  created: emailAccounts.created,
  updated: emailAccounts.updated,
};

const byId = (args: { tenantId: string; id: string }) =>
  and(eq(emailAccounts.tenantId, args.tenantId), eq(emailAccounts.id, args.id));

export interface ListEmailAccountsArgs {
  tenantId: string;
  limit: number;
  cursor?: string | undefined;
  status?: string | undefined;
  domainId?: string | undefined;
}

/** Newest first, keyset by id. */
export async function listEmailAccounts(db: Database, args: ListEmailAccountsArgs) {
  const conditions: SQL[] = [eq(emailAccounts.tenantId, args.tenantId)];
  if (args.cursor) conditions.push(lt(emailAccounts.id, args.cursor));
  if (args.status) conditions.push(eq(emailAccounts.status, args.status));
  if (args.domainId) conditions.push(eq(emailAccounts.domainId, args.domainId));
  const rows = await db
    .select(emailAccountColumns)
    .from(emailAccounts)
    .where(and(...conditions))
    .orderBy(desc(emailAccounts.id))
    .limit(args.limit + 1);
  return toPage(rows, args.limit);
}

export async function getEmailAccount(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db.select(emailAccountColumns).from(emailAccounts).where(byId(args)).limit(1);
  return rows[0] ?? null;
}

export async function findEmailAccountIdByEmail(db: Database, args: { tenantId: string; email: string }) {
  const rows = await db
    .select({ id: emailAccounts.id })
    .from(emailAccounts)
    .where(and(eq(emailAccounts.tenantId, args.tenantId), sql`lower(${emailAccounts.email}) = lower(${args.email})`))
    .limit(1);
  return rows[0]?.id ?? null;
}

/** The tenant's domain a mailbox may be created on, or null when the tenant has no such domain. */
export async function findMailboxDomain(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select({ id: domains.id, domain: domains.domain })
    .from(domains)
    .where(and(eq(domains.tenantId, args.tenantId), eq(domains.id, args.id)))
    .limit(1);
  return rows[0] ?? null;
}

export async function countEmailAccounts(db: Database, tenantId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(emailAccounts).where(eq(emailAccounts.tenantId, tenantId));
  return row?.n ?? 0;
}

export async function countActiveWarmups(db: Database, tenantId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(emailAccounts)
    .where(and(eq(emailAccounts.tenantId, tenantId), isNotNull(emailAccounts.warmupStarted)));
  return row?.n ?? 0;
}

export interface NewEmailAccount {
  id: string;
  tenantId: string;
  domainId: string;
  email: string;
  provider: string;
  vaultKeyPath: string;
  smtpSettings: MailServerSettings;
  imapSettings: MailServerSettings | null;
  dailyCap?: number | undefined;
}

export async function insertEmailAccount(db: Database, account: NewEmailAccount) {
  const [row] = await db.insert(emailAccounts).values(account).returning(emailAccountColumns);
  if (!row) throw new Error("insert returned no row");
  return row;
}

export interface EmailAccountChanges {
  provider?: string | undefined;
  smtpSettings?: MailServerSettings | undefined;
  /** null removes IMAP. */
  imapSettings?: MailServerSettings | null | undefined;
  dailyCap?: number | undefined;
  status?: string | undefined;
  /** null ends a warmup. */
  warmupStarted?: Date | null | undefined;
  vaultKeyPath?: string | undefined;
}

/** Null when the mailbox is not the tenant's or changed since `expectedUpdated`. */
export async function updateEmailAccount(
  db: Database,
  args: { tenantId: string; id: string; changes: EmailAccountChanges; expectedUpdated?: Date | undefined },
) {
  const rows = await db
    .update(emailAccounts)
    .set({ ...args.changes, updated: new Date() })
    .where(and(byId(args), unchangedSince(emailAccounts.updated, args.expectedUpdated)))
    .returning(emailAccountColumns);
  return rows[0] ?? null;
}

/** Where the mailbox keeps its secrets, locking the row until the end of the transaction. */
export async function lockEmailAccount(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select({ id: emailAccounts.id, vaultKeyPath: emailAccounts.vaultKeyPath })
    .from(emailAccounts)
    .where(byId(args))
    .for("update");
  return rows[0] ?? null;
}

/** Campaigns with a step that sends from this mailbox, by name. */
export async function campaignsUsingEmailAccount(db: Database, args: { tenantId: string; id: string }) {
  return db
    .selectDistinct({ id: campaigns.id, name: campaigns.name })
    .from(campaignSequenceSteps)
    .innerJoin(
      campaigns,
      and(eq(campaigns.tenantId, campaignSequenceSteps.tenantId), eq(campaigns.id, campaignSequenceSteps.campaignId)),
    )
    .where(and(eq(campaignSequenceSteps.tenantId, args.tenantId), eq(campaignSequenceSteps.emailAccountId, args.id)))
    .orderBy(campaigns.name);
}

export async function deleteEmailAccountRow(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db.delete(emailAccounts).where(byId(args)).returning({ id: emailAccounts.id });
  return rows[0] ?? null;
}

/** Starts warmup unless it runs already or the mailbox is disabled; `last_warmed` records the activity. */
export async function beginWarmup(db: Database, args: { tenantId: string; id: string; now: Date }) {
  const rows = await db
    .update(emailAccounts)
    .set({ warmupStarted: args.now, lastWarmed: args.now, updated: args.now })
    .where(and(byId(args), isNull(emailAccounts.warmupStarted), ne(emailAccounts.status, "disabled")))
    .returning(emailAccountColumns);
  return rows[0] ?? null;
}

export async function endWarmup(db: Database, args: { tenantId: string; id: string; now: Date }) {
  const rows = await db
    .update(emailAccounts)
    .set({ warmupStarted: null, updated: args.now })
    .where(and(byId(args), isNotNull(emailAccounts.warmupStarted)))
    .returning(emailAccountColumns);
  return rows[0] ?? null;
}

/**
 * Counts `count` sends on `today` (the tenant's local date) in one conditional statement: a
 * count of another day restarts from zero, and the row is left alone when the mailbox is not
 * active or the day's count would pass its cap. Concurrent calls queue on the row lock and each
 * re-checks the condition against the count the previous one committed, so the cap holds.
 */
export async function addDailySends(
  db: Database,
  args: { tenantId: string; id: string; count: number; today: string },
) {
  const countToday = sql`(case when ${emailAccounts.dailyCountDate} = ${args.today}::date then ${emailAccounts.dailyCount} else 0 end)`;
  const rows = await db
    .update(emailAccounts)
    .set({ dailyCount: sql`${countToday} + ${args.count}`, dailyCountDate: args.today })
    .where(
      and(
        byId(args),
        eq(emailAccounts.status, "active"),
        sql`${countToday} + ${args.count} <= ${emailAccounts.dailyCap}`,
      ),
    )
    .returning({
      id: emailAccounts.id,
      dailyCount: emailAccounts.dailyCount,
      dailyCap: emailAccounts.dailyCap,
      dailyCountDate: emailAccounts.dailyCountDate,
    });
  return rows[0] ?? null;
}

/** The mailbox's status and what it has sent on `today`, to explain a refused `addDailySends`. */
export async function dailySendState(db: Database, args: { tenantId: string; id: string; today: string }) {
  const rows = await db
    .select({
      status: emailAccounts.status,
      dailyCap: emailAccounts.dailyCap,
      sentToday: sql<number>`(case when ${emailAccounts.dailyCountDate} = ${args.today}::date then ${emailAccounts.dailyCount} else 0 end)`,
    })
    .from(emailAccounts)
    .where(byId(args))
    .limit(1);
  const row = rows[0];
  return row ? { ...row, sentToday: Number(row.sentToday) } : null;
}

/**
 * Adds `count` to the tenant's emails of `month` unless the total would pass `allowed`; the
 * new total, or null when refused. The upsert locks the month's row, so concurrent calls add
 * one after another and each checks the total the previous one left.
 * The caller refuses `count > allowed` beforehand: the first insert of a month is unchecked.
 */
export async function addMonthlyEmails(
  db: Database,
  args: { tenantId: string; month: string; count: number; allowed: number },
): Promise<number | null> {
  const rows = await db
    .insert(tenantUsage)
    .values({ tenantId: args.tenantId, month: args.month, emailsSent: args.count })
    .onConflictDoUpdate({
      target: [tenantUsage.tenantId, tenantUsage.month],
      set: { emailsSent: sql`${tenantUsage.emailsSent} + ${args.count}`, updated: new Date() },
      setWhere: sql`${tenantUsage.emailsSent} + ${args.count} <= ${args.allowed}`,
    })
    .returning({ emailsSent: tenantUsage.emailsSent });
  return rows[0]?.emailsSent ?? null;
}

export async function monthlyEmailsSent(db: Database, args: { tenantId: string; month: string }): Promise<number> {
  const rows = await db
    .select({ emailsSent: tenantUsage.emailsSent })
    .from(tenantUsage)
    .where(and(eq(tenantUsage.tenantId, args.tenantId), eq(tenantUsage.month, args.month)))
    .limit(1);
  return rows[0]?.emailsSent ?? 0;
}

/** The tenant's display time zone (`tenant_config.ui_timezone`); UTC when the tenant has no config. */
export async function tenantTimeZone(db: Database, tenantId: string): Promise<string> {
  const rows = await db
    .select({ zone: tenantConfig.uiTimezone })
    .from(tenantConfig)
    .where(eq(tenantConfig.tenantId, tenantId))
    .limit(1);
  return rows[0]?.zone ?? "UTC";
}
