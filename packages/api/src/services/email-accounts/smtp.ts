import { isIP } from "node:net";
import type { MailServerSettings } from "@outbound/db/schema";
import { createTransport } from "nodemailer";
import { resolveConnectable } from "../platform/network-guard.js";
import { type MailboxDeps, mailboxSecretPaths, requireEmailAccount } from "./email-accounts.js";

export type ConnectionFailure =
  | "auth_failed"
  | "connection_refused"
  | "timeout"
  | "tls"
  | "dns"
  | "connection_closed"
  | "no_password"
  | "blocked_address"
  | "other";

export interface ConnectionTestResult {
  ok: boolean;
  /** Why it failed, for programs; `error` says it for people. */
  reason?: ConnectionFailure;
  error?: string;
}

interface MailerError extends Error {
  code?: string;
  originalCode?: string;
  response?: string;
}

/** Short on purpose: the caller is a person waiting in a settings dialog. */
export const SMTP_TEST_TIMEOUT_MS = 10_000;

/**
 * Connects to the SMTP server the way a send would (implicit TLS, STARTTLS required, or plain),
 * logs in and disconnects. Certificates are verified: a server a send could not trust fails here too.
 * Unless `allowNonPublic`, a host on a loopback, private or link-local address is refused before
 * any connection (the host is resolved once and that address is the one connected to).
 */
export async function verifySmtpLogin(
  settings: MailServerSettings,
  password: string,
  options: { timeoutMs?: number; allowNonPublic?: boolean } = {},
): Promise<ConnectionTestResult> {
  const timeoutMs = options.timeoutMs ?? SMTP_TEST_TIMEOUT_MS;
  const target = await resolveConnectable(settings.host, { allowNonPublic: options.allowNonPublic ?? false });
  if (!target.ok)
    return { ok: false, reason: target.reason === "dns" ? "dns" : "blocked_address", error: target.error };
  const transport = createTransport({
    host: target.address,
    port: settings.port,
    secure: settings.security === "ssl",
    requireTLS: settings.security === "starttls",
    ignoreTLS: settings.security === "none",
    auth: { user: settings.username, pass: password },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    tls: isIP(settings.host) ? {} : { servername: settings.host },
    logger: false,
  });
  try {
    await transport.verify();
    return { ok: true };
  } catch (error) {
    return describeFailure(error as MailerError, settings, timeoutMs);
  } finally {
    transport.close();
  }
}

const TLS_CODES = /CERT|SSL|TLS|EPROTO|ERR_SSL|HOSTNAME/;

function describeFailure(error: MailerError, settings: MailServerSettings, timeoutMs: number): ConnectionTestResult {
  const at = `${settings.host}:${settings.port}`;
  const code = error.code ?? "";
  const system = error.originalCode ?? "";
  const detail = (error.message.split("\n")[0] ?? "").trim();
  if (code === "EAUTH" && /STARTTLS/i.test(detail)) {
    return {
      ok: false,
      reason: "tls",
      error: `${at} accepts logins only after STARTTLS: set security to starttls (${detail})`,
    };
  }
  if (/wrong version number/i.test(detail)) {
    return {
      ok: false,
      reason: "tls",
      error: `${at} does not speak implicit TLS: if the port expects STARTTLS (usually 587), set security to starttls`,
    };
  }
  if (code === "EAUTH") {
    return {
      ok: false,
      reason: "auth_failed",
      error: `${at} refused the login for ${settings.username}: check the user name and password (${detail})`,
    };
  }
  if (system === "ECONNREFUSED" || /ECONNREFUSED/.test(detail)) {
    return {
      ok: false,
      reason: "connection_refused",
      error: `${at} refused the connection: nothing accepts SMTP on that port, or a firewall rejects it`,
    };
  }
  if (code === "EDNS" || system === "ENOTFOUND" || system === "EAI_AGAIN") {
    return { ok: false, reason: "dns", error: `${settings.host} does not resolve to an address (${detail})` };
  }
  if (code === "ETIMEDOUT") {
    return {
      ok: false,
      reason: "timeout",
      error: `${at} did not answer within ${Math.round(timeoutMs / 1000)} s${settings.security === "ssl" ? ": if the port expects STARTTLS, set security to starttls" : ""}`,
    };
  }
  if (code === "ETLS" || TLS_CODES.test(system) || TLS_CODES.test(code) || /certificate|TLS|SSL/i.test(detail)) {
    return {
      ok: false,
      reason: "tls",
      error: `TLS with ${at} failed: ${detail}. Check the security mode (ssl for implicit TLS, usually port 465; starttls, usually 587) and the server's certificate`,
    };
  }
  if (code === "ECONNECTION" || system === "ECONNRESET") {
    return { ok: false, reason: "connection_closed", error: `${at} closed the connection: ${detail}` };
  }
  return { ok: false, reason: "other", error: `${at}: ${detail}` };
}

/** Tests the stored SMTP login of a mailbox of the tenant. */
export async function testEmailAccountConnection(
  deps: MailboxDeps & { allowNonPublicMailHosts: boolean },
  args: { tenantId: string; id: string },
): Promise<ConnectionTestResult> {
  const account = await requireEmailAccount(deps.db, args);
  const password = account.vaultKeyPath ? await deps.secrets.get(mailboxSecretPaths(account.vaultKeyPath).smtp) : null;
  if (!account.smtpSettings || password === null) {
    return {
      ok: false,
      reason: "no_password",
      error: "This mailbox has no stored SMTP password: set one with updateCredentials",
    };
  }
  return verifySmtpLogin(account.smtpSettings, password, { allowNonPublic: deps.allowNonPublicMailHosts });
}
