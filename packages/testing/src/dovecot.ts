import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";

export const DOVECOT_BINARY = "/usr/sbin/dovecot";
/** Dovecot refuses uid 0 as a mail user; the users' files belong to nobody. */
const MAIL_UID = 65534;

export interface Dovecot {
  host: string;
  port: number;
  /**
   * Adds a user (or changes its password). Dovecot rereads its passwd file at most once a
   * second, so this waits that long; users known up front belong in `startDovecot({ users })`.
   */
  addUser(name: string, password: string): Promise<void>;
  /** Puts a raw RFC 822 message into the user's INBOX (an IMAP APPEND as that user); its UID. */
  deliver(user: string, raw: string): Promise<number>;
  /** Dovecot's log so far (logins, failures). */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Resolves once the server greets with `* OK` on the port. */
async function greeted(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port });
      socket.setTimeout(500);
      socket.once("data", (data) => {
        socket.destroy();
        resolve(data.toString().startsWith("* OK"));
      });
      socket.once("error", () => resolve(false));
      socket.once("timeout", () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("dovecot did not greet in time");
}

/**
 * A real Dovecot IMAP server on loopback for a test file: a private config, passwd file and
 * maildirs in a temp dir, plain IMAP without TLS. Needs root (Dovecot's master process) and
 * Debian's `dovecot-imapd`; installs nothing itself.
 */
export async function startDovecot(options: { users?: Record<string, string> } = {}): Promise<Dovecot> {
  if (!existsSync(DOVECOT_BINARY)) throw new Error(`${DOVECOT_BINARY} is missing: apt-get install -y dovecot-imapd`);
  const dir = mkdtempSync(join(tmpdir(), "outbound-dovecot-"));
  const port = await freePort();
  const passwd = join(dir, "passwd");
  const users = new Map<string, string>(Object.entries(options.users ?? {}));
  const writeUsers = () => {
    const lines = [...users].map(
      ([name, pw]) => `${name}:{PLAIN}${pw}:${MAIL_UID}:${MAIL_UID}::${join(dir, "home", name)}::`,
    );
    writeFileSync(passwd, `${lines.join("\n")}\n`);
    chownSync(passwd, MAIL_UID, MAIL_UID);
    for (const name of users.keys()) {
      const home = join(dir, "home", name);
      if (!existsSync(home)) {
        mkdirSync(home, { recursive: true });
        chownSync(home, MAIL_UID, MAIL_UID);
      }
    }
  };
  for (const sub of ["home", "run", "state"]) mkdirSync(join(dir, sub));
  writeFileSync(
    join(dir, "dovecot.conf"),
    [
      "protocols = imap",
      "listen = 127.0.0.1",
      `base_dir = ${join(dir, "run")}`,
      `state_dir = ${join(dir, "state")}`,
      `log_path = ${join(dir, "dovecot.log")}`,
      "ssl = no",
      "disable_plaintext_auth = no",
      "auth_verbose = yes",
      // Tests refuse logins on purpose: no 2 s answer delay, and no auth penalty (a growing delay
      // of every later login from the address, Dovecot's documented way to turn it off).
      "auth_failure_delay = 0",
      "service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}",
      "mail_location = maildir:~/Maildir",
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ${passwd}\n}`,
      `userdb {\n  driver = passwd-file\n  args = ${passwd}\n}`,
      `service imap-login {\n  inet_listener imap {\n    port = ${port}\n  }\n}`,
      "",
    ].join("\n"),
  );
  for (const sub of ["", "home", "state"]) chownSync(join(dir, sub), MAIL_UID, MAIL_UID);
  writeUsers();
  // The auth process runs as `dovecot` and must read the passwd file inside.
  chmodSync(dir, 0o755);
  const child = spawn(DOVECOT_BINARY, ["-c", join(dir, "dovecot.conf"), "-F"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await greeted(port, child, 10_000);
  } catch (error) {
    child.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: "127.0.0.1",
    port,
    async addUser(name, password) {
      users.set(name, password);
      writeUsers();
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    },
    async deliver(user, raw) {
      const password = users.get(user);
      if (password === undefined) throw new Error(`no dovecot user ${user}`);
      const client = new ImapFlow({
        host: "127.0.0.1",
        port,
        secure: false,
        doSTARTTLS: false,
        auth: { user, pass: password },
        logger: false,
        disableAutoIdle: true,
      });
      client.on("error", () => {});
      await client.connect();
      try {
        const appended = await client.append("INBOX", raw.replace(/\r?\n/g, "\r\n"));
        if (!appended || appended.uid === undefined) throw new Error("APPEND returned no UID");
        return appended.uid;
      } finally {
        await client.logout();
      }
    },
    log: () => (existsSync(join(dir, "dovecot.log")) ? readFileSync(join(dir, "dovecot.log"), "utf8") : ""),
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
