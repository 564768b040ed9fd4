import type { OutboundClient } from "@outbound/sdk";

/** Settings of `createTestOutbound`; every one is optional. */
export interface TestOutboundOptions {
  /** Where the clock starts; the current time when absent. Give a fixed date for repeatable sending windows and daily limits. */
  now?: Date;
  /** Server log lines at this level and above go to stderr; `error` by default (a failing engine step shows up). */
  logLevel?: "silent" | "error" | "warn" | "info" | "debug";
}

/** One email the engine handed to its mail transport: what the recipient's server would have received. */
export interface CapturedMail {
  /** The RFC 5322 Message-ID with its angle brackets, e.g. `<…@acme.test>`; what `deliverReply` and `deliverBounce` take. */
  messageId: string;
  from: { name: string | null; address: string };
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** The headers the engine set (Message-ID, List-Unsubscribe, In-Reply-To and References of follow-ups…). */
  headers: Readonly<Record<string, string>>;
  /** The whole message as it would go over SMTP, DKIM-signed with the sending domain's key. */
  raw: string;
  /** The sending mailbox (`emailAccounts`). */
  emailAccountId: string;
  /** Ids of the campaign, step, lead and enrollment it was sent for; null for mail of another workspace than the seeded one. */
  campaignId: string | null;
  stepId: string | null;
  leadId: string | null;
  campaignLeadId: string | null;
  /** The test clock's time when it was sent. */
  sentAt: Date;
}

/** What an inbound email came to, as the engine's inbound handling reports it. */
export type InboundOutcome =
  | "replied"
  | "auto_replied"
  | "bounced"
  | "soft_bounced"
  | "complained"
  | "unsubscribed"
  | "duplicate"
  | "ignored";

/** The seeded workspace: everything an integration needs to create leads, templates and campaigns and launch at once. */
export interface TestWorkspace {
  tenantId: string;
  companyId: string;
  /** The verified sending domain (with its DKIM key). */
  domainId: string;
  domain: string;
  /** The active mailbox campaigns send from. */
  emailAccountId: string;
  /** Its address, the From of every captured mail. */
  senderEmail: string;
}

/** A running in-process Outbound; `close()` it when the test is done. */
export interface TestOutbound {
  /** Base URL of its HTTP server on loopback (`/trpc`, `/healthz`, `/u/:token`…). */
  url: string;
  /** A write API key of the seeded workspace. */
  apiKey: string;
  /** An `@outbound/sdk` client for `url` with `apiKey`. */
  client: OutboundClient;
  workspace: TestWorkspace;
  /** The test clock's current time (what the API and the engine see). */
  now(): Date;
  /**
   * Moves the clock forward by `ms` and, at every moment something falls due on the way, does
   * what the server's timers do: periodic jobs (scheduled campaigns launch), the sending engine
   * until nothing is due, and due webhook deliveries (POSTed to their endpoints). Resolves when
   * all of it is done: no sleeps, no timers.
   */
  advanceTime(ms: number): Promise<void>;
  /** Every mail sent so far, oldest first (a copy). */
  outbox(): CapturedMail[];
  /** A reply from the recipient of a captured mail (threaded to it by In-Reply-To and References), handled as the IMAP poller would. */
  deliverReply(messageId: string, text: string): Promise<InboundOutcome>;
  /** A delivery status notification for a captured mail (`5.1.1`, user unknown), handled as the IMAP poller would. */
  deliverBounce(messageId: string): Promise<InboundOutcome>;
  /** Stops the engine, the HTTP server and the database. */
  close(): Promise<void>;
}
