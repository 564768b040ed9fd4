import { isIP } from "node:net";
import { loggableError } from "@outbound/api/loggable-error";
import { mailboxSecretPaths, mailboxVaultKeyPath } from "@outbound/api/services/email-accounts/email-accounts";
import { resolveConnectable } from "@outbound/api/services/platform/network-guard";
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
  /**
   * After a poll, how long to stay connected in IMAP IDLE (where the server offers it), acting on
   * new mail as the server announces it; 0 turns IDLE off. A network wait, bounded in real time
   * and by half the lease.
   */
  idleMs?: number;
  /** Mailboxes held in IDLE at once by this poller; past it, mailboxes are polled and left. */
  maxIdle?: number;
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
  idleMs: 5 * 60_000,
  maxIdle: 100,
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
  /** Mailboxes held in IDLE, each with what ends its watch early. */
  private readonly watches = new Map<string, { end: () => void; done: Promise<void> }>();
  private closing = false;

  constructor(
    private readonly deps: EngineDeps,
    private readonly token: string,
    options: InboundOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.options.idleMs = Math.max(0, Math.min(this.options.idleMs, this.options.leaseMs / 2));
  }

  /** Mailboxes this poller holds in IDLE now. */
  get watching(): number {
    return this.watches.size;
  }

  /** Ends every IDLE watch (their leases given back, due at once for whichever worker polls next); no new one starts. */
  async close(): Promise<void> {
    this.closing = true;
    const watches = [...this.watches.values()];
    for (const w of watches) w.end();
    await Promise.all(watches.map((w) => w.done));
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
    let kept = false;
    let outcome: Drained;
    try {
      const cursor = await this.open(client, key, claimed);
      outcome = await this.drain(client, key, cursor, report);
      if (outcome === "done" && this.mayWatch(client, emailAccountId)) {
        kept = true;
        this.watch(client, key, cursor);
        return;
      }
    } finally {
      if (!kept) await client.logout().catch(() => client.close());
    }
    if (outcome === "lost") return;
    const now = clock.now();
    await finishPoll(db, {
      ...key,
      now,
      nextPollAt: outcome === "more" ? now : new Date(now.getTime() + this.options.pollIntervalMs),
    });
  }

  /**
   * Opens INBOX read-only and says where to go on from: after the last UID handled, or, on a
   * first poll or a mailbox rebuilt under a new UIDVALIDITY (its UIDs now name other messages),
   * what arrived since the mailbox was added (a first poll) or the end of the mailbox.
   */
  private async open(client: ImapFlow, key: PollKey, claimed: ClaimedPollState): Promise<Cursor> {
    let uidValidity: number;
    let uidNext: number;
    try {
      const inbox = await client.mailboxOpen("INBOX", { readOnly: true });
      uidValidity = Number(inbox.uidValidity);
      uidNext = inbox.uidNext;
    } catch (error) {
      throw failure(error);
    }
    if (claimed.uidValidity === uidValidity) return { uidValidity, uidNext, lastUid: claimed.lastUid, since: null };
    if (claimed.uidValidity === null) {
      const since = new Date(claimed.mailbox.created.getTime() - 24 * 3_600_000);
      return { uidValidity, uidNext, lastUid: 0, since };
    }
    this.deps.log?.("warn", "IMAP UIDVALIDITY changed; resuming from the end of the mailbox", {
      tenantId: key.tenantId,
      emailAccountId: key.emailAccountId,
    });
    const lastUid = Math.max(uidNext - 1, 0);
    await savePollProgress(this.deps.db, { ...key, uidValidity, lastUid, now: this.deps.clock.now() });
    return { uidValidity, uidNext, lastUid, since: null };
  }

  /**
   * Handles the messages after `cursor` (up to `maxMessagesPerPoll`), recording each UID as it
   * is handled: `more` when some are left, `lost` when the lease was lost (this poll outlived
   * it, and another worker carries on from the stored UID).
   */
  private async drain(client: ImapFlow, key: PollKey, cursor: Cursor, report: InboundReport): Promise<Drained> {
    const { db, clock } = this.deps;
    let uids: number[];
    try {
      uids = await this.newUids(client, cursor);
    } catch (error) {
      throw failure(error);
    }
    if (cursor.since) {
      // A first poll: from here on, UIDs after the last one seen (the end of the mailbox if nothing new).
      cursor.since = null;
      if (uids.length === 0) {
        cursor.lastUid = Math.max(cursor.uidNext - 1, 0);
        if (!(await savePollProgress(db, { ...key, ...cursorState(cursor), now: clock.now() }))) return "lost";
      }
    }
    const batch = uids.slice(0, this.options.maxMessagesPerPoll);
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
      const place = {
        tenantId: key.tenantId,
        emailAccountId: key.emailAccountId,
        uidValidity: cursor.uidValidity,
        uid,
      };
      const result: InboundResult = source ? await receiveInbound(this.deps, place, source) : "ignored";
      report.results[result] = (report.results[result] ?? 0) + 1;
      cursor.lastUid = uid;
      if (!(await savePollProgress(db, { ...key, ...cursorState(cursor), now: clock.now() }))) return "lost";
    }
    return batch.length < uids.length ? "more" : "done";
  }

  private mayWatch(client: ImapFlow, emailAccountId: string): boolean {
    return (
      this.options.idleMs > 0 &&
      !this.closing &&
      this.watches.size < this.options.maxIdle &&
      !this.watches.has(emailAccountId) &&
      Boolean(client.capabilities.has("IDLE"))
    );
  }

  /**
   * Stays in IDLE on the connection of a finished poll, still holding the mailbox's lease, and
   * drains INBOX whenever the server announces new mail; ends after `idleMs` (or on `close()`,
   * a dropped connection, a failure or a lost lease), then gives the lease back due at once, so
   * the next pass polls the mailbox and watches again.
   */
  private watch(client: ImapFlow, key: PollKey, cursor: Cursor): void {
    let arrived = false;
    let ended = false;
    let wake: () => void = () => {};
    const end = () => {
      ended = true;
      wake();
    };
    client.on("exists", () => {
      arrived = true;
      wake();
    });
    client.on("close", end);
    const timer = setTimeout(end, this.options.idleMs);
    const run = async () => {
      const report: InboundReport = { polled: 0, failed: 0, fetched: 0, results: {} };
      let outcome: Drained = "done";
      try {
        while (!ended) {
          if (arrived) {
            arrived = false;
            outcome = await this.drain(client, key, cursor, report);
            if (outcome !== "done") break;
            continue;
          }
          // Idles until the server announces mail (or the IDLE command ends: re-issued) or the watch ends.
          await new Promise<void>((resolve) => {
            wake = resolve;
            client.idle().then(
              () => resolve(),
              () => resolve(),
            );
          });
          wake = () => {};
        }
      } catch (error) {
        this.deps.log?.("warn", "inbound IDLE watch ended by a failure", {
          tenantId: key.tenantId,
          emailAccountId: key.emailAccountId,
          reason: error instanceof PollFailure ? error.reason : loggableError(error),
        });
      } finally {
        clearTimeout(timer);
        await client.logout().catch(() => client.close());
      }
      if (outcome === "lost") return;
      await releasePollState(this.deps.db, { ...key, nextPollAt: this.deps.clock.now() });
    };
    const done = run()
      .catch((error) => {
        this.deps.log?.("error", "inbound IDLE watch failed", {
          tenantId: key.tenantId,
          emailAccountId: key.emailAccountId,
          error: loggableError(error),
        });
      })
      .finally(() => this.watches.delete(key.emailAccountId));
    this.watches.set(key.emailAccountId, { end, done });
  }

  /**
   * The UIDs to handle, ascending: those after the last one handled, or on a mailbox's first
   * poll what arrived since the mailbox was added (a reply can't be older), not its history.
   */
  private async newUids(client: ImapFlow, cursor: Cursor): Promise<number[]> {
    if (cursor.since) {
      const found = await client.search({ since: cursor.since }, { uid: true });
      return (found || []).sort((a, b) => a - b);
    }
    const found = await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true });
    // `n:*` always includes the highest UID, even one below n.
    return (found || []).filter((uid) => uid > cursor.lastUid).sort((a, b) => a - b);
  }
}

type PollKey = { tenantId: string; emailAccountId: string; token: string };

/** Where a poll goes on from in the mailbox; `since` on a first poll, until its first drain. */
interface Cursor {
  uidValidity: number;
  /** UIDNEXT when INBOX was opened. */
  uidNext: number;
  lastUid: number;
  since: Date | null;
}

type Drained = "done" | "more" | "lost";

const cursorState = (cursor: Cursor) => ({ uidValidity: cursor.uidValidity, lastUid: cursor.lastUid });
