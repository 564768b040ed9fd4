import { isIP } from "node:net";
import { loggableError } from "@outbound/api/loggable-error";
import { mailboxSecretPaths, mailboxVaultKeyPath } from "@outbound/api/services/email-accounts";
import { resolveConnectable } from "@outbound/api/services/network-guard";
import {
  type ClaimedPollState,
  claimPollState,
  ensurePollStates,
  failPoll,
  findDuePollStates,
  finishPoll,
  releasePollState,
  savePollProgress,
} from "@outbound/db/queries/inbound";
import { ImapFlow } from "imapflow";
import type { EngineDeps } from "../deps.js";
import type { InboundResult } from "./apply.js";
import { receiveInbound } from "./receive.js";

export interface InboundOptions {
  /** Time between two polls of one mailbox. */
  pollIntervalMs?: number;
  /** How long a poll's lease lasts; longer than a poll can take (timeouts and the message cap bound it). */
  leaseMs?: number;
  /** Mailboxes looked at per pass. */
  mailboxesPerPass?: number;
  /** Mailboxes polled at once. */
  concurrency?: number;
  /** Messages handled per poll; the rest wait for the next poll, which is due at once. */
  maxMessagesPerPoll?: number;
  /** Bytes of each message fetched: headers and report parts come first, long bodies are cut. */
  maxMessageBytes?: number;
  /** Connection, greeting and socket timeouts of the IMAP client. */
  timeoutMs?: number;
  /** Wait after the first failed poll (login refused, no connection); doubles with each failure in a row. */
  backoffMs?: number;
  /** The longest wait between failed polls. */
  maxBackoffMs?: number;
  /** Let mailboxes connect to IMAP servers on loopback or private addresses (tests, development). */
  allowNonPublic?: boolean;
  /** Poll only these tenants' mailboxes; every tenant when absent. */
  tenantIds?: readonly string[] | undefined;
}

export interface InboundReport {
  /** Mailboxes this pass leased and connected to (or tried to). */
  polled: number;
  /** Polls that failed: login refused, no connection, a missing password. */
  failed: number;
  /** Messages fetched and looked at. */
  fetched: number;
  /** What each fetched message came to. */
  results: Partial<Record<InboundResult, number>>;
}

const DEFAULTS = {
  pollIntervalMs: 60_000,
  leaseMs: 10 * 60_000,
  mailboxesPerPass: 20,
  concurrency: 4,
  maxMessagesPerPoll: 200,
  maxMessageBytes: 512 * 1024,
  timeoutMs: 30_000,
  backoffMs: 15 * 60_000,
  maxBackoffMs: 6 * 60 * 60_000,
  allowNonPublic: false,
};

/**
 * A poll that could not reach the mailbox; the message (the server's words, never the password)
 * is recorded on its poll state for the tenant, the log line gets only the `reason`.
 */
class PollFailure extends Error {
  constructor(
    message: string,
    readonly reason: "password missing" | "login refused" | "connection failed" | "host refused",
  ) {
    super(message);
  }
}

interface ImapError extends Error {
  authenticationFailed?: boolean;
  responseText?: string;
  code?: string;
}

/** Why the server refused or failed us, from what imapflow reports; never the password. */
function failure(error: unknown): PollFailure {
  const e = error as ImapError;
  if (e.authenticationFailed) {
    return new PollFailure(`IMAP login refused${e.responseText ? `: ${e.responseText}` : ""}`, "login refused");
  }
  return new PollFailure(
    `IMAP connection failed: ${e.responseText ?? e.message ?? e.code ?? "unknown error"}`,
    "connection failed",
  );
}

/**
 * Reads the INBOX of every mailbox with IMAP settings and acts on what arrived: replies,
 * automatic replies and bounce reports (see `classifyInbound`, `applyInbound`). Each poll
 * leases the mailbox's poll state, so of any number of workers one polls a mailbox at a time;
 * it fetches the UIDs after the last one handled and records each UID as it is handled. The
 * mailbox is opened read-only: the engine never changes a customer's mail.
 */
export class InboundPoller {
  private readonly options: typeof DEFAULTS & Pick<InboundOptions, "tenantIds">;

  constructor(
    private readonly deps: EngineDeps,
    private readonly token: string,
    options: InboundOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** One pass: every due mailbox (up to `mailboxesPerPass`) polled once. */
  async runOnce(): Promise<InboundReport> {
    const { db, clock } = this.deps;
    const report: InboundReport = { polled: 0, failed: 0, fetched: 0, results: {} };
    await ensurePollStates(db, { tenantIds: this.options.tenantIds });
    const due = await findDuePollStates(db, {
      now: clock.now(),
      limit: this.options.mailboxesPerPass,
      tenantIds: this.options.tenantIds,
    });
    let next = 0;
    const lane = async () => {
      while (next < due.length) {
        const target = due[next++];
        if (!target) return;
        const now = clock.now();
        const claimed = await claimPollState(db, {
          ...target,
          now,
          until: new Date(now.getTime() + this.options.leaseMs),
          token: this.token,
        });
        if (!claimed) continue;
        report.polled++;
        try {
          await this.poll(target.tenantId, claimed, report);
        } catch (error) {
          if (error instanceof PollFailure) {
            report.failed++;
            await this.recordFailure(target.tenantId, claimed, error);
          } else {
            this.deps.log?.("error", "inbound poll failed", {
              tenantId: target.tenantId,
              emailAccountId: claimed.mailbox.id,
              error: loggableError(error),
            });
            await releasePollState(db, {
              ...target,
              token: this.token,
              nextPollAt: new Date(clock.now().getTime() + this.options.pollIntervalMs),
            });
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, due.length) }, lane));
    return report;
  }

  private async recordFailure(tenantId: string, claimed: ClaimedPollState, error: PollFailure) {
    const now = this.deps.clock.now();
    const wait = Math.min(this.options.backoffMs * 2 ** Math.min(claimed.failures, 20), this.options.maxBackoffMs);
    await failPoll(this.deps.db, {
      tenantId,
      emailAccountId: claimed.mailbox.id,
      token: this.token,
      now,
      nextPollAt: new Date(now.getTime() + wait),
      error: error.message,
    });
    // The server's words may name the account; the log gets the kind of failure only.
    this.deps.log?.("warn", "inbound mailbox poll failed; backing off", {
      tenantId,
      emailAccountId: claimed.mailbox.id,
      reason: error.reason,
      retryInMs: wait,
    });
  }

  private async connect(tenantId: string, claimed: ClaimedPollState): Promise<ImapFlow> {
    const { mailbox } = claimed;
    const settings = mailbox.imapSettings;
    const paths = mailboxSecretPaths(mailbox.vaultKeyPath ?? mailboxVaultKeyPath(tenantId, mailbox.id));
    const password = await this.deps.secrets.get(paths.imap);
    if (password === null) throw new PollFailure("the mailbox's IMAP password is missing", "password missing");
    const target = await resolveConnectable(settings.host, { allowNonPublic: this.options.allowNonPublic });
    if (!target.ok) {
      throw new PollFailure(
        `IMAP connection failed: ${target.error}`,
        target.reason === "dns" ? "connection failed" : "host refused",
      );
    }
    const client = new ImapFlow({
      host: target.address,
      port: settings.port,
      secure: settings.security === "ssl",
      doSTARTTLS: settings.security === "starttls",
      ...(isIP(settings.host) ? {} : { servername: settings.host }),
      auth: { user: settings.username, pass: password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: this.options.timeoutMs,
      greetingTimeout: this.options.timeoutMs,
      socketTimeout: this.options.timeoutMs,
    });
    // A dropped connection is also emitted as an event; the awaited command reports it.
    client.on("error", () => {});
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw failure(error);
    }
    return client;
  }

  private async poll(tenantId: string, claimed: ClaimedPollState, report: InboundReport): Promise<void> {
    const { db, clock } = this.deps;
    const emailAccountId = claimed.mailbox.id;
    const key = { tenantId, emailAccountId, token: this.token };
    const client = await this.connect(tenantId, claimed);
    let more = false;
    try {
      let uids: number[];
      let uidValidity: number;
      let uidNext: number;
      try {
        const inbox = await client.mailboxOpen("INBOX", { readOnly: true });
        uidValidity = Number(inbox.uidValidity);
        uidNext = inbox.uidNext;
        uids =
          claimed.uidValidity === null || claimed.uidValidity === uidValidity
            ? await this.newUids(client, claimed)
            : [];
      } catch (error) {
        throw failure(error);
      }
      if (claimed.uidValidity !== uidValidity && uids.length === 0) {
        // A first poll with nothing new, or a mailbox rebuilt under a new UIDVALIDITY (its UIDs
        // now name other messages): start after what is there rather than act on all of it.
        if (claimed.uidValidity !== null) {
          this.deps.log?.("warn", "IMAP UIDVALIDITY changed; resuming from the end of the mailbox", {
            tenantId,
            emailAccountId,
          });
        }
        await savePollProgress(db, { ...key, uidValidity, lastUid: Math.max(uidNext - 1, 0), now: clock.now() });
      }
      const batch = uids.slice(0, this.options.maxMessagesPerPoll);
      more = batch.length < uids.length;
      for (const uid of batch) {
        let source: Buffer | undefined;
        try {
          const fetched = await client.fetchOne(
            String(uid),
            { uid: true, source: { maxLength: this.options.maxMessageBytes } },
            { uid: true },
          );
          source = fetched ? fetched.source : undefined;
        } catch (error) {
          throw failure(error);
        }
        report.fetched++;
        const result: InboundResult = source
          ? await receiveInbound(this.deps, { tenantId, emailAccountId, uidValidity, uid }, source)
          : "ignored";
        report.results[result] = (report.results[result] ?? 0) + 1;
        // The lease was lost (this poll outlived it): another worker carries on from the stored UID.
        if (!(await savePollProgress(db, { ...key, uidValidity, lastUid: uid, now: clock.now() }))) return;
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    const now = clock.now();
    await finishPoll(db, {
      ...key,
      now,
      nextPollAt: more ? now : new Date(now.getTime() + this.options.pollIntervalMs),
    });
  }

  /**
   * The UIDs to handle, ascending: those after the last one handled, or on a mailbox's first
   * poll what arrived since the mailbox was added (a reply can't be older), not its history.
   */
  private async newUids(client: ImapFlow, claimed: ClaimedPollState): Promise<number[]> {
    if (claimed.uidValidity === null) {
      const since = new Date(claimed.mailbox.created.getTime() - 24 * 3_600_000);
      const found = await client.search({ since }, { uid: true });
      return (found || []).sort((a, b) => a - b);
    }
    const found = await client.search({ uid: `${claimed.lastUid + 1}:*` }, { uid: true });
    // `n:*` always includes the highest UID, even one below n.
    return (found || []).filter((uid) => uid > claimed.lastUid).sort((a, b) => a - b);
  }
}
