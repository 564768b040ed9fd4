import { Resolver } from "node:dns/promises";
import type { AddressInfo } from "node:net";
import { dkimVerify } from "mailauth";
import { SMTPServer } from "smtp-server";

/** One message as the sink received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** The Message-ID header, angle brackets included. */
  messageId: string | null;
  user: string | null;
  header(name: string): string | null;
}

export interface SmtpSinkOptions {
  /** Logins the sink accepts (AUTH PLAIN or LOGIN); without any, no login is needed. */
  users?: Record<string, string>;
  /**
   * The answer to each recipient: 250 (accept), a 4xx (try later) or a 5xx (refused). Tests
   * change it between sends through `sink.respond`.
   */
  respond?: (recipient: string) => number;
  /** Wait this long before answering each message's DATA, as a slow receiving server does. */
  dataDelayMs?: number;
}

export interface SmtpSink {
  port: number;
  received: ReceivedMail[];
  /** Replaces the per-recipient answer. */
  respond: (recipient: string) => number;
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function headerOf(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const wanted = name.toLowerCase();
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return null;
}

/**
 * A real SMTP server on loopback (smtp-server): plain SMTP, AUTH PLAIN/LOGIN, an answer per
 * recipient, and every accepted message kept raw, as a receiving server would see it.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const users = options.users;
  const state = { respond: options.respond ?? (() => 250) };
  const server = new SMTPServer({
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    disabledCommands: users ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    authOptional: !users,
    logger: false,
    onAuth(auth, _session, callback) {
      if (users && users[auth.username ?? ""] === auth.password) return callback(null, { user: auth.username });
      return callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const code = state.respond(address.address);
      if (code >= 400) {
        return callback(
          Object.assign(new Error(`${code === 450 || code < 500 ? "Try again later" : "No such user"}`), {
            responseCode: code,
          }),
        );
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        received.push({
          from,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          messageId: headerOf(raw, "message-id"),
          user: typeof session.user === "string" ? session.user : null,
          header: (name) => headerOf(raw, name),
        });
        for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
        if (options.dataDelayMs) setTimeout(callback, options.dataDelayMs);
        else callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    get respond() {
      return state.respond;
    },
    set respond(fn) {
      state.respond = fn;
    },
    waitFor(count, timeoutMs = 10_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the sink got ${received.length} of ${count} messages in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * DKIM-verifies a received message with mailauth, looking the keys up on the given DNS server
 * (`ip:port`): the records the API generated, as the test published them.
 */
export async function verifyDkim(raw: string, dnsServer: string) {
  const resolver = new Resolver();
  resolver.setServers([dnsServer]);
  const result = await dkimVerify(Buffer.from(raw), {
    resolver: async (name: string, type: string) => {
      if (type === "TXT") return resolver.resolveTxt(name);
      if (type === "MX") return (await resolver.resolveMx(name)) as never;
      return resolver.resolve(name, type) as never;
    },
  });
  return result.results.map((r) => ({
    status: r.status?.result,
    domain: r.signingDomain,
    selector: r.selector,
  }));
}
