import type { Clock, SecretStore } from "@outbound/api";
import type { Database } from "@outbound/db";
import { EngineWorker, type MailTransport, SmtpTransport } from "@outbound/engine";
import type { Logger } from "./logger.js";

export interface EngineOptions {
  db: Database;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  tokenKey: Buffer;
  publicUrl: string;
  /** Let mailboxes use SMTP and IMAP servers on loopback or private addresses (off in production). */
  allowNonPublicMailHosts: boolean;
  /** How mail leaves; SMTP through nodemailer when absent (the testkit records it instead). */
  transport?: MailTransport | undefined;
  /** Poll mailboxes over IMAP (default true); off where inbound mail is handed in another way (the testkit). */
  inbound?: boolean | undefined;
}

/** The engine as the server runs it: nodemailer over SMTP, imapflow for inbound mail, log lines without addresses or bodies. */
export function createEngine(options: EngineOptions): EngineWorker {
  const transport = options.transport ?? new SmtpTransport({ allowNonPublic: options.allowNonPublicMailHosts });
  const log = options.logger.child({ component: "engine" });
  return new EngineWorker(
    {
      db: options.db,
      secrets: options.secrets,
      clock: options.clock,
      transport,
      tokenKey: options.tokenKey,
      publicUrl: options.publicUrl,
      log: (level, message, fields) => log[level](fields ?? {}, message),
    },
    { inbound: (options.inbound ?? true) ? { allowNonPublic: options.allowNonPublicMailHosts } : false },
  );
}
