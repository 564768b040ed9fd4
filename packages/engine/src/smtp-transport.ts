import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { resolveConnectable } from "@outbound/api/services/platform/network-guard";
import { createTransport, type Transporter } from "nodemailer";
import { mailOptionsOf } from "./mail-options.js";
import type { MailTransport, OutgoingMail, SendOutcome } from "./transport.js";

export interface SmtpTransportOptions {
  /** SMTP connections kept open per mailbox. */
  maxConnections?: number;
  /** Connection, greeting and socket timeouts; shorter than the engine's lease, so a hung send ends first. */
  timeoutMs?: number;
  /** Let mailboxes send through servers on loopback or private addresses (tests, development). */
  allowNonPublic?: boolean;
}

interface MailerError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

interface Pool {
  version: string;
  transporter: Transporter;
  inFlight: number;
  retired: boolean;
}

/** What a pool's connections depend on: the server settings and the password, never the mailbox's counters. */
const versionOf = (mail: OutgoingMail): string =>
  createHash("sha256")
    .update(JSON.stringify(mail.mailbox.settings))
    .update("\n")
    .update(mail.mailbox.password)
    .digest("hex");

const RECIPIENT_COMMANDS = /RCPT|DATA|MESSAGE/i;

/** How a nodemailer error maps to the engine's outcomes; exported for its tests. */
export function classifySmtpError(error: MailerError): SendOutcome {
  const response = (error.response ?? error.message).split("\n")[0]?.trim() ?? "";
  const code = error.responseCode;
  if (error.code === "EAUTH") return { kind: "mailbox", response };
  if (code !== undefined && code >= 500) {
    const command = error.command ?? (error.code === "EENVELOPE" ? "RCPT TO" : "");
    return RECIPIENT_COMMANDS.test(command) || error.code === "EENVELOPE" || error.code === "EMESSAGE"
      ? { kind: "bounce", response }
      : { kind: "failed", response };
  }
  return { kind: "retry", response: response || error.code || "connection failed" };
}

/**
 * nodemailer with one pooled transport per mailbox (rebuilt when the mailbox's settings change),
 * signing each message with its domain's DKIM key.
 */
export class SmtpTransport implements MailTransport {
  private readonly pools = new Map<string, Pool>();
  private readonly maxConnections: number;
  private readonly timeoutMs: number;
  private readonly allowNonPublic: boolean;

  constructor(options: SmtpTransportOptions = {}) {
    this.maxConnections = options.maxConnections ?? 3;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.allowNonPublic = options.allowNonPublic ?? false;
  }

  private async pool(mail: OutgoingMail): Promise<Pool | SendOutcome> {
    const { id, settings, password } = mail.mailbox;
    const version = versionOf(mail);
    const existing = this.pools.get(id);
    if (existing && existing.version === version) return existing;
    if (existing) this.retire(id, existing);
    const target = await resolveConnectable(settings.host, { allowNonPublic: this.allowNonPublic });
    if (!target.ok) {
      return target.reason === "dns"
        ? { kind: "retry", response: target.error }
        : { kind: "mailbox", response: target.error };
    }
    const again = this.pools.get(id);
    if (again && again.version === version) return again;
    const transporter = createTransport({
      pool: true,
      maxConnections: this.maxConnections,
      host: target.address,
      port: settings.port,
      secure: settings.security === "ssl",
      requireTLS: settings.security === "starttls",
      ignoreTLS: settings.security === "none",
      auth: { user: settings.username, pass: password },
      connectionTimeout: this.timeoutMs,
      greetingTimeout: this.timeoutMs,
      socketTimeout: this.timeoutMs,
      tls: isIP(settings.host) ? {} : { servername: settings.host },
      logger: false,
    });
    const pool: Pool = { version, transporter, inFlight: 0, retired: false };
    this.pools.set(id, pool);
    return pool;
  }

  /** Takes a pool out of use; its connections close once the sends still on them have finished. */
  private retire(id: string, pool: Pool): void {
    if (this.pools.get(id) === pool) this.pools.delete(id);
    pool.retired = true;
    if (pool.inFlight === 0) pool.transporter.close();
  }

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    const pool = await this.pool(mail);
    if (!("transporter" in pool)) return pool;
    pool.inFlight++;
    try {
      const info = await pool.transporter.sendMail(mailOptionsOf(mail));
      return { kind: "sent", response: String(info.response ?? "250 OK") };
    } catch (error) {
      const outcome = classifySmtpError(error as MailerError);
      // A refused login would fail every pooled connection the same way: start afresh next time.
      if (outcome.kind === "mailbox" && !pool.retired) this.retire(mail.mailbox.id, pool);
      return outcome;
    } finally {
      pool.inFlight--;
      if (pool.retired && pool.inFlight === 0) pool.transporter.close();
    }
  }

  async close(): Promise<void> {
    for (const [id, pool] of [...this.pools]) this.retire(id, pool);
  }
}
