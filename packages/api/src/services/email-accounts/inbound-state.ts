import type { Database } from "@outbound/db";
import { pollStatesOf } from "@outbound/db/queries/inbound";

type PollState = Awaited<ReturnType<typeof pollStatesOf>>[number];

/** How reading a mailbox's IMAP inbox goes, as answers show it; null before the first poll. */
export interface InboundState {
  lastPolledAt: Date | null;
  nextPollAt: Date | null;
  error: string | null;
  failedAt: Date | null;
}

const inboundOf = (poll: PollState | undefined): InboundState | null =>
  poll
    ? {
        lastPolledAt: poll.lastPolledAt,
        nextPollAt: poll.nextPollAt,
        error: poll.imapError,
        failedAt: poll.imapFailedAt,
      }
    : null;

/**
 * The mailboxes with their `inbound` state, read in one query for all of them; mailboxes
 * without IMAP settings have `inbound: null`.
 */
export async function withInboundStates<Account extends { id: string; imapSettings: unknown }>(
  db: Database,
  tenantId: string,
  accounts: Account[],
): Promise<(Account & { inbound: InboundState | null })[]> {
  const polled = accounts.filter((account) => account.imapSettings).map((account) => account.id);
  const states = new Map(
    (await pollStatesOf(db, { tenantId, emailAccountIds: polled })).map((state) => [state.emailAccountId, state]),
  );
  return accounts.map((account) => ({
    ...account,
    inbound: account.imapSettings ? inboundOf(states.get(account.id)) : null,
  }));
}
