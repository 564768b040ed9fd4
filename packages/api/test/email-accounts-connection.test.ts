import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { useTestDatabase } from "@outbound/testing";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifySmtpLogin } from "../src/services/email-accounts/smtp.js";
import { DatabaseSecretStore, generateSecretKey } from "../src/services/secrets/database-secret-store.js";
import { failureOf, mailboxTenant, smtpSettings } from "./email-accounts-helpers.js";

const USER = "mailer@example.test";
const PASSWORD = `right-${crypto.randomUUID()}`;

/** A real SMTP server on loopback that accepts exactly one user name and password. */
async function startSmtp(options: Partial<SMTPServerOptions> = {}) {
  const server = new SMTPServer({
    logger: false,
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      return callback(new Error("Invalid username or password"));
    },
    ...options,
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const database = useTestDatabase();
let secrets: DatabaseSecretStore;
let plain: Awaited<ReturnType<typeof startSmtp>>;
let starttls: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  secrets = new DatabaseSecretStore(database.db, generateSecretKey());
  plain = await startSmtp({ disabledCommands: ["STARTTLS"], allowInsecureAuth: true });
  // smtp-server's built-in certificate is self-signed, so a client that verifies certificates must refuse it.
  starttls = await startSmtp();
});
afterAll(async () => {
  await plain.close();
  await starttls.close();
});

// The SMTP servers here listen on loopback, which the API refuses unless told otherwise.
const world = (options = { allowNonPublicMailHosts: true }) => mailboxTenant(database.db, secrets, {}, options);
let counter = 0;
const mailboxOn = (t: Awaited<ReturnType<typeof world>>, smtp: Record<string, unknown>) =>
  t.caller.emailAccounts.create({
    domainId: t.domain.id,
    email: `conn${++counter}@${t.domain.domain}`,
    smtp: smtpSettings({ host: "127.0.0.1", username: USER, password: PASSWORD, ...smtp }),
  });

describe("emailAccounts.testConnection", () => {
  it("logs in with the stored password", async () => {
    const t = await world();
    const box = await mailboxOn(t, { port: plain.port, security: "none" });
    expect(await t.caller.emailAccounts.testConnection({ id: box.id })).toEqual({ ok: true });
  });

  it("says the login was refused after the password is rotated to a wrong one", async () => {
    const t = await world();
    const box = await mailboxOn(t, { port: plain.port, security: "none" });
    await t.caller.emailAccounts.updateCredentials({ id: box.id, smtpPassword: "wrong password 123" });
    const result = await t.caller.emailAccounts.testConnection({ id: box.id });
    expect(result).toMatchObject({ ok: false, reason: "auth_failed" });
    expect(result.error).toMatch(/refused the login for mailer@example\.test/);
    expect(result.error).not.toContain("wrong password 123");
  });

  it("says the connection was refused when nothing listens on the port", async () => {
    const t = await world();
    const port = await closedPort();
    const box = await mailboxOn(t, { port, security: "none" });
    const result = await t.caller.emailAccounts.testConnection({ id: box.id });
    expect(result).toMatchObject({ ok: false, reason: "connection_refused" });
    expect(result.error).toContain(`127.0.0.1:${port} refused the connection`);
  });

  it("says TLS failed when the server's certificate can't be trusted", async () => {
    const t = await world();
    const box = await mailboxOn(t, { port: starttls.port, security: "starttls" });
    const result = await t.caller.emailAccounts.testConnection({ id: box.id });
    expect(result).toMatchObject({ ok: false, reason: "tls" });
    expect(result.error).toMatch(/TLS with 127\.0\.0\.1:\d+ failed/);

    const implicit = await mailboxOn(t, { port: starttls.port, security: "ssl" });
    const wrongMode = await t.caller.emailAccounts.testConnection({ id: implicit.id });
    expect(wrongMode).toMatchObject({ ok: false, reason: "tls" });
    expect(wrongMode.error).toContain("set security to starttls");
  });

  it("says there is no password when the store lost it", async () => {
    const t = await world();
    const box = await mailboxOn(t, { port: plain.port, security: "none" });
    await secrets.delete(`${box.vaultKeyPath}/smtp`);
    expect(await t.caller.emailAccounts.testConnection({ id: box.id })).toMatchObject({
      ok: false,
      reason: "no_password",
    });
  });

  it("gives up with a timeout when the server never greets", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    const port = (silent.address() as AddressInfo).port;
    try {
      const result = await verifySmtpLogin({ host: "127.0.0.1", port, security: "none", username: USER }, PASSWORD, {
        timeoutMs: 300,
        allowNonPublic: true,
      });
      expect(result).toMatchObject({ ok: false, reason: "timeout" });
      expect(result.error).toContain(`127.0.0.1:${port} did not answer`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe("mail servers on non-public addresses", () => {
  it("are refused by default, before any connection, by address or by name", async () => {
    let connections = 0;
    const watched = await startSmtp({
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      onConnect: (_session, callback) => {
        connections++;
        callback();
      },
    });
    try {
      const t = await world({ allowNonPublicMailHosts: false });
      for (const host of ["127.0.0.1", "localhost"]) {
        const box = await mailboxOn(t, { host, port: watched.port, security: "none" });
        const result = await t.caller.emailAccounts.testConnection({ id: box.id });
        expect(result).toMatchObject({ ok: false, reason: "blocked_address" });
        expect(result.error).toMatch(new RegExp(`^${host} resolves to .+, which is not a public address`));
      }
      expect(connections).toBe(0);

      const allowed = await world();
      const box = await mailboxOn(allowed, { host: "localhost", port: watched.port, security: "none" });
      expect(await allowed.caller.emailAccounts.testConnection({ id: box.id })).toEqual({ ok: true });
      expect(connections).toBe(1);
    } finally {
      await watched.close();
    }
  });
});

describe("passwords never leave the server", () => {
  it("appear in no answer or error of any emailAccounts procedure", async () => {
    const t = await world();
    const smtpPassword = `smtp-pw-${crypto.randomUUID()}`;
    const imapPassword = `imap-pw-${crypto.randomUUID()}`;
    const rotated = `rotated-pw-${crypto.randomUUID()}`;
    const addedImap = `added-imap-${crypto.randomUUID()}`;
    const passwords = [smtpPassword, imapPassword, rotated, addedImap, PASSWORD];
    const answers: unknown[] = [];
    const record = async (call: Promise<unknown>) => {
      try {
        answers.push(await call);
      } catch (error) {
        answers.push(await failureOf(Promise.reject(error)));
      }
    };
    const c = t.caller.emailAccounts;
    const settings = { host: "127.0.0.1", port: plain.port, security: "none" as const, username: USER };

    const created = await c.create({
      domainId: t.domain.id,
      email: `secret@${t.domain.domain}`,
      smtp: { ...settings, password: smtpPassword },
      imap: { ...settings, password: imapPassword },
      idempotencyKey: "secret-box",
    });
    answers.push(created);
    const { id } = created;
    await record(
      c.create({
        domainId: t.domain.id,
        email: `secret@${t.domain.domain}`,
        smtp: { ...settings, password: smtpPassword },
        idempotencyKey: "secret-box",
      }),
    );
    await record(
      c.create({
        domainId: t.domain.id,
        email: `secret@${t.domain.domain}`,
        smtp: { ...settings, password: smtpPassword },
      }),
    );
    await record(
      c.create({ domainId: t.domain.id, email: "bad", smtp: { ...settings, port: 0, password: smtpPassword } }),
    );
    await record(c.list({}));
    await record(c.get({ id }));
    await record(c.update({ id, dailyCap: 9 }));
    await record(c.update({ id, imap: { ...settings, password: imapPassword } }));
    await record(c.updateCredentials({ id, smtpPassword: rotated }));
    await record(c.testConnection({ id }));
    await record(c.updateCredentials({ id, smtpPassword: PASSWORD }));
    await record(c.testConnection({ id }));
    await record(c.update({ id, imap: null }));
    await record(c.update({ id, imap: { ...settings, password: addedImap } }));
    await record(c.setStatus({ id, status: "paused" }));
    await record(c.recordSend({ id }));
    await record(c.setStatus({ id, status: "active" }));
    await record(c.recordSend({ id }));
    await record(c.startWarmup({ id }));
    await record(c.stopWarmup({ id }));
    await record(c.delete({ id }));

    expect(answers).toHaveLength(21);
    const text = JSON.stringify(answers.map((a) => superjson.serialize(a)));
    for (const password of passwords) expect(text).not.toContain(password);
    expect(text).toContain('"hasSmtpPassword":true');
  });
});
