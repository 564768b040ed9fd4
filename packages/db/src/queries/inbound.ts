import { and, eq, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { campaignLeads, campaigns, emailAccounts, imapPollStates, inboundReceipts, messages } from "../schema/index.js";
import { tenantIsActive } from "./tenants.js";

const onlyTenants = (tenantIds: readonly string[] | undefined) =>
  tenantIds ? inArray(imapPollStates.tenantId, [...tenantIds]) : undefined;

/** Mailboxes the poller reads: IMAP settings present and not disabled (a paused mailbox can't send, but replies still arrive). */
const pollable = and(isNotNull(emailAccounts.imapSettings), ne(emailAccounts.status, "disabled"));

/** Gives every pollable mailbox without one a poll state, due at once. */
export async function ensurePollStates(db: Database, args: { tenantIds?: readonly string[] | undefined }) {
  const tenants = args.tenantIds
    ? sql`and ea.tenant_id in (${sql.join(
        args.tenantIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  await db.execute(sql`
    insert into ${imapPollStates} (tenant_id, email_account_id)
    select ea.tenant_id, ea.id from ${emailAccounts} ea
    where ea.imap_settings is not null and ea.status <> 'disabled' ${tenants}
      and not exists (select 1 from ${imapPollStates} p where p.tenant_id = ea.tenant_id and p.email_account_id = ea.id)
    on conflict do nothing`);
}

const isDue = (now: Date) =>
  and(
    or(isNull(imapPollStates.nextPollAt), lte(imapPollStates.nextPollAt, now)),
    or(isNull(imapPollStates.leaseUntil), lt(imapPollStates.leaseUntil, now)),
  );

/**
 * Mailboxes due for a poll and not leased, of live tenants (not deleted, not suspended), longest
 * waiting first. A read across tenants without row locks, like the campaign discovery; each
 * claim that follows is a single-tenant statement.
 */
export async function findDuePollStates(
  db: Database,
  args: { now: Date; limit: number; tenantIds?: readonly string[] | undefined },
) {
  return db
    .select({ tenantId: imapPollStates.tenantId, emailAccountId: imapPollStates.emailAccountId })
    .from(imapPollStates)
    .innerJoin(
      emailAccounts,
      and(eq(emailAccounts.tenantId, imapPollStates.tenantId), eq(emailAccounts.id, imapPollStates.emailAccountId)),
    )
    .where(and(pollable, isDue(args.now), tenantIsActive(imapPollStates.tenantId), onlyTenants(args.tenantIds)))
    .orderBy(sql`${imapPollStates.nextPollAt} asc nulls first`)
    .limit(args.limit);
}

const pollKey = (args: { tenantId: string; emailAccountId: string }) =>
  and(eq(imapPollStates.tenantId, args.tenantId), eq(imapPollStates.emailAccountId, args.emailAccountId));

/**
 * Leases the mailbox's poll to `token` until `until` if it is still due and unleased: one
 * atomic UPDATE, so of several workers racing for it exactly one gets the row (the others'
 * WHERE no longer holds once the winner's update is visible). Returns the state and what
 * connecting needs, or null.
 */
export async function claimPollState(
  db: Database,
  args: { tenantId: string; emailAccountId: string; now: Date; until: Date; token: string },
) {
  const [state] = await db
    .update(imapPollStates)
    .set({ leaseOwner: args.token, leaseUntil: args.until, updated: args.now })
    .where(and(pollKey(args), isDue(args.now)))
    .returning({
      uidValidity: imapPollStates.uidValidity,
      lastUid: imapPollStates.lastUid,
      failures: imapPollStates.failures,
    });
  if (!state) return null;
  const [mailbox] = await db
    .select({
      id: emailAccounts.id,
      email: emailAccounts.email,
      imapSettings: emailAccounts.imapSettings,
      vaultKeyPath: emailAccounts.vaultKeyPath,
      created: emailAccounts.created,
    })
    .from(emailAccounts)
    .where(and(eq(emailAccounts.tenantId, args.tenantId), eq(emailAccounts.id, args.emailAccountId)));
  if (!mailbox?.imapSettings) {
    await releasePollState(db, { ...args, nextPollAt: null });
    return null;
  }
  return { ...state, mailbox: { ...mailbox, imapSettings: mailbox.imapSettings } };
}
export type ClaimedPollState = NonNullable<Awaited<ReturnType<typeof claimPollState>>>;

const heldBy = (args: { tenantId: string; emailAccountId: string; token: string }) =>
  and(pollKey(args), eq(imapPollStates.leaseOwner, args.token));

/** Records how far the poll got; false when `token` no longer holds the lease (nothing written). */
export async function savePollProgress(
  db: Database,
  args: { tenantId: string; emailAccountId: string; token: string; uidValidity: number; lastUid: number; now: Date },
): Promise<boolean> {
  const rows = await db
    .update(imapPollStates)
    .set({ uidValidity: args.uidValidity, lastUid: args.lastUid, updated: args.now })
    .where(heldBy(args))
    .returning({ lastUid: imapPollStates.lastUid });
  return rows.length > 0;
}

/** A successful poll: the error flag and failure count clear, the lease goes, the next poll is due at `nextPollAt`. */
export async function finishPoll(
  db: Database,
  args: { tenantId: string; emailAccountId: string; token: string; now: Date; nextPollAt: Date },
) {
  await db
    .update(imapPollStates)
    .set({
      leaseOwner: null,
      leaseUntil: null,
      nextPollAt: args.nextPollAt,
      lastPolledAt: args.now,
      imapError: null,
      imapFailedAt: null,
      failures: 0,
      updated: args.now,
    })
    .where(heldBy(args));
}

/** A failed poll (login refused, no connection): the mailbox is flagged and not tried again before `nextPollAt`. */
export async function failPoll(
  db: Database,
  args: { tenantId: string; emailAccountId: string; token: string; now: Date; nextPollAt: Date; error: string },
) {
  await db
    .update(imapPollStates)
    .set({
      leaseOwner: null,
      leaseUntil: null,
      nextPollAt: args.nextPollAt,
      imapError: args.error.slice(0, 1000),
      imapFailedAt: args.now,
      failures: sql`${imapPollStates.failures} + 1`,
      updated: args.now,
    })
    .where(heldBy(args));
}

/** Gives the lease back without other changes. */
export async function releasePollState(
  db: Database,
  args: { tenantId: string; emailAccountId: string; token: string; nextPollAt: Date | null },
) {
  await db
    .update(imapPollStates)
    .set({ leaseOwner: null, leaseUntil: null, nextPollAt: args.nextPollAt })
    .where(heldBy(args));
}

/** The mailbox's poll state, for operators and tests. */
export async function pollStateOf(db: Database, args: { tenantId: string; emailAccountId: string }) {
  const [row] = await db.select().from(imapPollStates).where(pollKey(args));
  return row ?? null;
}

/** The poll states of these mailboxes of the tenant (one query for a page of them); mailboxes never polled have none. */
export async function pollStatesOf(db: Database, args: { tenantId: string; emailAccountIds: string[] }) {
  if (args.emailAccountIds.length === 0) return [];
  return db
    .select()
    .from(imapPollStates)
    .where(
      and(eq(imapPollStates.tenantId, args.tenantId), inArray(imapPollStates.emailAccountId, args.emailAccountIds)),
    );
}

/**
 * Our messages of the tenant among `messageIds` (RFC 5322 ids, brackets included), with what
 * acting on an answer to them needs. Scoped by tenant: an id of another tenant's message
 * matches nothing.
 */
export async function findMessagesByMessageIds(db: Database, args: { tenantId: string; messageIds: string[] }) {
  if (args.messageIds.length === 0) return [];
  return db
    .select({
      id: messages.id,
      messageId: messages.messageId,
      status: messages.status,
      leadId: messages.leadId,
      campaignId: messages.campaignId,
      campaignLeadId: messages.campaignLeadId,
      stepId: messages.stepId,
      toEmail: messages.toEmail,
      stopOnReply: campaigns.stopOnReply,
    })
    .from(messages)
    .innerJoin(campaigns, and(eq(campaigns.tenantId, messages.tenantId), eq(campaigns.id, messages.campaignId)))
    .where(and(eq(messages.tenantId, args.tenantId), inArray(messages.messageId, args.messageIds)));
}
export type AnsweredMessage = Awaited<ReturnType<typeof findMessagesByMessageIds>>[number];

/**
 * Claims an inbound email for handling; false when the tenant already handled one with this
 * key. Call it first in the transaction of the effects, so they happen once or not at all.
 */
export async function insertInboundReceipt(
  db: Database,
  args: { tenantId: string; emailAccountId: string; dedupKey: string; kind: string; messageId: string; now: Date },
): Promise<boolean> {
  const rows = await db
    .insert(inboundReceipts)
    .values({
      tenantId: args.tenantId,
      emailAccountId: args.emailAccountId,
      dedupKey: args.dedupKey.slice(0, 500),
      kind: args.kind,
      messageId: args.messageId,
      received: args.now,
    })
    .onConflictDoNothing({ target: [inboundReceipts.tenantId, inboundReceipts.dedupKey] })
    .returning({ id: inboundReceipts.id });
  return rows.length > 0;
}

/** Ends an open enrollment because its lead replied (the campaign stops on reply). True when it ended now. */
export async function endRepliedEnrollment(db: Database, args: { tenantId: string; id: string; now: Date }) {
  const rows = await db
    .update(campaignLeads)
    .set({ status: "replied", finishedReason: "replied", finished: args.now, nextActionAt: null, updated: args.now })
    .where(
      and(
        eq(campaignLeads.tenantId, args.tenantId),
        eq(campaignLeads.id, args.id),
        inArray(campaignLeads.status, ["active", "paused"]),
      ),
    )
    .returning({ id: campaignLeads.id });
  return rows.length > 0;
}

/**
 * Forgets the mailbox's poll state (its IMAP server or account changed, or IMAP was removed):
 * UIDs of one mailbox mean nothing on another, so the next poll starts afresh.
 */
export async function resetPollState(db: Database, args: { tenantId: string; emailAccountId: string }) {
  await db.delete(imapPollStates).where(pollKey(args));
}

/** Makes the mailbox due for a poll now, whatever its backoff (its IMAP password was just changed). */
export async function pollSoon(db: Database, args: { tenantId: string; emailAccountId: string }) {
  await db.update(imapPollStates).set({ nextPollAt: null }).where(pollKey(args));
}
