import { schema } from "@outbound/db";
import { trpcCode, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DatabaseSecretStore, generateSecretKey } from "../src/services/secrets/database-secret-store.js";
import {
  addDomain,
  failureOf,
  mailboxRow,
  mailboxTenant,
  smtpSettings,
  storedSecretPaths,
} from "./email-accounts-helpers.js";

const database = useTestDatabase();
let secrets: DatabaseSecretStore;

beforeAll(async () => {
  secrets = new DatabaseSecretStore(database.db, generateSecretKey());
});

const world = (plan?: Parameters<typeof mailboxTenant>[2]) => mailboxTenant(database.db, secrets, plan);

describe("emailAccounts.create", () => {
  it("keeps the passwords in the secret store and only says that they are set", async () => {
    const t = await world();
    const smtp = smtpSettings();
    const imap = smtpSettings({ host: "imap.example.test", port: 993, security: "ssl" });
    const created = await t.caller.emailAccounts.create({
      domainId: t.domain.id,
      email: ` Sales@${t.domain.domain.toUpperCase()} `,
      provider: "other",
      smtp,
      imap,
      dailyCap: 40,
    });
    expect(created).toMatchObject({
      domainId: t.domain.id,
      email: `sales@${t.domain.domain}`,
      provider: "other",
      status: "active",
      smtpSettings: { host: "smtp.example.test", port: 587, security: "starttls", username: "mailer" },
      imapSettings: { host: "imap.example.test", port: 993, security: "ssl", username: "mailer" },
      hasSmtpPassword: true,
      hasImapPassword: true,
      dailyCap: 40,
      dailyCount: 0,
      warmupStarted: null,
      vaultKeyPath: `tenants/${t.tenantId}/email-accounts/${created.id}`,
    });
    expect(Object.keys(created.smtpSettings ?? {}).sort()).toEqual(["host", "port", "security", "username"]);
    expect(await t.caller.emailAccounts.get({ id: created.id })).toEqual({ ...created, inbound: null });
    expect((await t.caller.emailAccounts.list({})).items).toEqual([{ ...created, inbound: null }]);

    expect(await secrets.get(`${created.vaultKeyPath}/smtp`)).toBe(smtp.password);
    expect(await secrets.get(`${created.vaultKeyPath}/imap`)).toBe(imap.password);
    const row = await mailboxRow(database.db, t.tenantId, created.id);
    expect(JSON.stringify(row)).not.toContain(smtp.password);
    expect(JSON.stringify(row)).not.toContain(imap.password);
    const [stored] = await database.db
      .select()
      .from(schema.secrets)
      .where(eq(schema.secrets.path, `${created.vaultKeyPath}/smtp`));
    expect(stored?.ciphertext).not.toContain(smtp.password);
  });

  it("creates a mailbox without IMAP, using the smtp provider and the default cap", async () => {
    const t = await world();
    const created = await t.caller.emailAccounts.create({
      domainId: t.domain.id,
      email: `a@${t.domain.domain}`,
      smtp: smtpSettings({ host: "127.0.0.1", security: "none", port: 25 }),
    });
    expect(created).toMatchObject({ provider: "smtp", hasImapPassword: false, imapSettings: null, dailyCap: 50 });
    expect(await storedSecretPaths(database.db, t.tenantId)).toEqual([`${created.vaultKeyPath}/smtp`]);
  });

  it("refuses an address that is not on the given domain, naming the field", async () => {
    const t = await world();
    const other = await addDomain(database.db, t.tenantId);
    const failure = await failureOf(
      t.caller.emailAccounts.create({ domainId: t.domain.id, email: `a@${other.domain}`, smtp: smtpSettings() }),
    );
    expect(failure).toMatchObject({ code: "BAD_REQUEST", fields: ["email"] });
    expect(failure.message).toContain(t.domain.domain);
    const sub = await failureOf(
      t.caller.emailAccounts.create({ domainId: t.domain.id, email: `a@sub.${t.domain.domain}`, smtp: smtpSettings() }),
    );
    expect(sub.code).toBe("BAD_REQUEST");
    expect(await storedSecretPaths(database.db, t.tenantId)).toEqual([]);
  });

  it("answers NOT_FOUND for a domain of another tenant or no domain at all", async () => {
    const t = await world();
    const other = await world();
    const input = { email: `a@${other.domain.domain}`, smtp: smtpSettings() };
    expect(await trpcCode(t.caller.emailAccounts.create({ ...input, domainId: other.domain.id }))).toBe("NOT_FOUND");
    expect(
      await trpcCode(t.caller.emailAccounts.create({ ...input, domainId: "0190a0a0-0000-7000-8000-000000000000" })),
    ).toBe("NOT_FOUND");
    expect(await trpcCode(t.caller.emailAccounts.list({ domainId: other.domain.id }))).toBe("NOT_FOUND");
  });

  it("validates hosts, ports, security modes and user names with the field that is wrong", async () => {
    const t = await world();
    const base = { domainId: t.domain.id, email: `v@${t.domain.domain}` };
    const badSmtp: [Record<string, unknown>, string][] = [
      [{ host: "smtp://mail.example.com" }, "smtp.host"],
      [{ host: "mail.example.com/path" }, "smtp.host"],
      [{ host: "mail.example.com:587" }, "smtp.host"],
      [{ host: "" }, "smtp.host"],
      [{ host: "-bad.example.com" }, "smtp.host"],
      [{ host: "999.1.1.1" }, "smtp.host"],
      [{ host: "[::1]" }, "smtp.host"],
      [{ host: `${"a".repeat(64)}.example.com` }, "smtp.host"],
      [{ port: 0 }, "smtp.port"],
      [{ port: 65536 }, "smtp.port"],
      [{ port: 25.5 }, "smtp.port"],
      [{ security: "tls" }, "smtp.security"],
      [{ username: "" }, "smtp.username"],
      [{ username: "user\r\nRCPT TO:<x@y>" }, "smtp.username"],
      [{ password: "" }, "smtp.password"],
    ];
    for (const [override, field] of badSmtp) {
      const failure = await failureOf(t.caller.emailAccounts.create({ ...base, smtp: smtpSettings(override) }));
      expect({ override, code: failure.code, fields: failure.fields }).toEqual({
        override,
        code: "BAD_REQUEST",
        fields: [field],
      });
    }
    const badImap = await failureOf(
      t.caller.emailAccounts.create({ ...base, smtp: smtpSettings(), imap: smtpSettings({ port: 0, password: "" }) }),
    );
    expect(badImap.fields.sort()).toEqual(["imap.password", "imap.port"]);
    // @ts-expect-error provider outside the list
    expect(await trpcCode(t.caller.emailAccounts.create({ ...base, provider: "aol", smtp: smtpSettings() }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await trpcCode(t.caller.emailAccounts.create({ ...base, email: "not an address", smtp: smtpSettings() })),
    ).toBe("BAD_REQUEST");

    for (const host of ["127.0.0.1", "::1", "MAIL.Example.com", "localhost"]) {
      const created = await t.caller.emailAccounts.create({
        domainId: t.domain.id,
        email: `ok-${host.replace(/[^a-z0-9]/gi, "")}@${t.domain.domain}`,
        smtp: smtpSettings({ host }),
      });
      expect(created.smtpSettings?.host).toBe(host.toLowerCase());
    }
  });

  it("refuses a second mailbox with the same address in any case as CONFLICT and keeps no stray secret", async () => {
    const t = await world();
    const first = await t.caller.emailAccounts.create({
      domainId: t.domain.id,
      email: `dup@${t.domain.domain}`,
      smtp: smtpSettings(),
    });
    const failure = await failureOf(
      t.caller.emailAccounts.create({
        domainId: t.domain.id,
        email: `DUP@${t.domain.domain}`,
        smtp: smtpSettings(),
        imap: smtpSettings(),
      }),
    );
    expect(failure.code).toBe("CONFLICT");
    expect(failure.message).toContain(`dup@${t.domain.domain}`);
    expect(await storedSecretPaths(database.db, t.tenantId)).toEqual([`${first.vaultKeyPath}/smtp`]);
  });

  it("counts mailboxes against max_email_accounts and removes the refused one's passwords", async () => {
    const t = await world({ maxEmailAccounts: 2 });
    for (const name of ["one", "two"]) {
      await t.caller.emailAccounts.create({
        domainId: t.domain.id,
        email: `${name}@${t.domain.domain}`,
        smtp: smtpSettings(),
      });
    }
    const failure = await failureOf(
      t.caller.emailAccounts.create({ domainId: t.domain.id, email: `three@${t.domain.domain}`, smtp: smtpSettings() }),
    );
    expect(failure).toMatchObject({
      code: "PAYMENT_REQUIRED",
      details: { limit: "max_email_accounts", allowed: 2, used: 2 },
    });
    expect(await storedSecretPaths(database.db, t.tenantId)).toHaveLength(2);
  });

  it("lets exactly the allowed number of concurrent creates through", async () => {
    const t = await world({ maxEmailAccounts: 3 });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        t.caller.emailAccounts.create({
          domainId: t.domain.id,
          email: `c${i}@${t.domain.domain}`,
          smtp: smtpSettings(),
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect((await t.caller.emailAccounts.list({})).items).toHaveLength(3);
    expect(await storedSecretPaths(database.db, t.tenantId)).toHaveLength(3);
  });

  it("replays the first mailbox for a repeated idempotency key and stores its passwords once", async () => {
    const t = await world();
    const input = {
      domainId: t.domain.id,
      email: `idem@${t.domain.domain}`,
      smtp: smtpSettings(),
      idempotencyKey: "mbx-1",
    };
    const first = await t.caller.emailAccounts.create(input);
    const again = await t.caller.emailAccounts.create({
      ...input,
      smtp: { ...input.smtp, password: "a retry's copy" },
    });
    expect(again).toEqual(first);
    expect(await storedSecretPaths(database.db, t.tenantId)).toEqual([`${first.vaultKeyPath}/smtp`]);
    expect(await secrets.get(`${first.vaultKeyPath}/smtp`)).toBe(input.smtp.password);
    expect(await trpcCode(t.caller.emailAccounts.create({ ...input, email: `other@${t.domain.domain}` }))).toBe(
      "CONFLICT",
    );
  });
});

describe("emailAccounts.list", () => {
  it("pages newest first and filters by status and domain", async () => {
    const t = await world();
    const second = await addDomain(database.db, t.tenantId);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const domain = i % 2 === 0 ? t.domain : second;
      ids.push(
        (
          await t.caller.emailAccounts.create({
            domainId: domain.id,
            email: `l${i}@${domain.domain}`,
            smtp: smtpSettings(),
          })
        ).id,
      );
    }
    await t.caller.emailAccounts.setStatus({ id: ids[1] ?? "", status: "paused" });
    const page = await t.caller.emailAccounts.list({ limit: 3 });
    expect(page.items.map((m) => m.id)).toEqual([ids[3], ids[2], ids[1]]);
    const rest = await t.caller.emailAccounts.list({ limit: 3, cursor: page.nextCursor ?? undefined });
    expect(rest.items.map((m) => m.id)).toEqual([ids[0]]);
    expect(rest.nextCursor).toBeNull();
    expect((await t.caller.emailAccounts.list({ status: "paused" })).items.map((m) => m.id)).toEqual([ids[1]]);
    expect((await t.caller.emailAccounts.list({ domainId: second.id })).items.map((m) => m.id)).toEqual([
      ids[3],
      ids[1],
    ]);
    expect(
      (await t.caller.emailAccounts.list({ domainId: second.id, status: "active" })).items.map((m) => m.id),
    ).toEqual([ids[3]]);
  });
});

describe("emailAccounts.update and updateCredentials", () => {
  it("changes settings without touching the passwords, and refuses a stale expectedUpdated", async () => {
    const t = await world();
    const smtp = smtpSettings();
    const created = await t.caller.emailAccounts.create({ domainId: t.domain.id, email: `u@${t.domain.domain}`, smtp });
    const updated = await t.caller.emailAccounts.update({
      id: created.id,
      provider: "gmail",
      smtp: { host: "smtp.gmail.com", port: 465, security: "ssl", username: "u@gmail.com" },
      dailyCap: 20,
      expectedUpdated: created.updated,
    });
    expect(updated).toMatchObject({
      provider: "gmail",
      smtpSettings: { host: "smtp.gmail.com", port: 465, security: "ssl", username: "u@gmail.com" },
      dailyCap: 20,
      hasSmtpPassword: true,
    });
    expect(await secrets.get(`${created.vaultKeyPath}/smtp`)).toBe(smtp.password);
    expect(
      await trpcCode(t.caller.emailAccounts.update({ id: created.id, dailyCap: 5, expectedUpdated: created.updated })),
    ).toBe("CONFLICT");
    const withPassword = await failureOf(
      // Passwords are rotated with updateCredentials, never sent with the settings.
      t.caller.emailAccounts.update({ id: created.id, smtp: smtpSettings() }),
    );
    expect(withPassword.code).toBe("BAD_REQUEST");
    expect(await trpcCode(t.caller.emailAccounts.update({ id: created.id, dailyCap: 0 }))).toBe("BAD_REQUEST");
  });

  it("adds IMAP only with its password and removes the password with the settings", async () => {
    const t = await world();
    const created = await t.caller.emailAccounts.create({
      domainId: t.domain.id,
      email: `imap@${t.domain.domain}`,
      smtp: smtpSettings(),
    });
    const imap = { host: "imap.example.test", port: 993, security: "ssl" as const, username: "imap-user" };
    const missing = await failureOf(t.caller.emailAccounts.update({ id: created.id, imap }));
    expect(missing).toMatchObject({ code: "BAD_REQUEST", fields: ["imap.password"] });

    const added = await t.caller.emailAccounts.update({ id: created.id, imap: { ...imap, password: "imap secret" } });
    expect(added).toMatchObject({ imapSettings: imap, hasImapPassword: true });
    expect(await secrets.get(`${created.vaultKeyPath}/imap`)).toBe("imap secret");

    const again = await failureOf(t.caller.emailAccounts.update({ id: created.id, imap: { ...imap, password: "x" } }));
    expect(again).toMatchObject({ code: "BAD_REQUEST", fields: ["imap.password"] });
    const moved = await t.caller.emailAccounts.update({
      id: created.id,
      imap: { ...imap, port: 143, security: "starttls" },
    });
    expect(moved).toMatchObject({ imapSettings: { port: 143, security: "starttls" }, hasImapPassword: true });

    const removed = await t.caller.emailAccounts.update({ id: created.id, imap: null });
    expect(removed).toMatchObject({ imapSettings: null, hasImapPassword: false });
    expect(await secrets.get(`${created.vaultKeyPath}/imap`)).toBeNull();
  });

  it("rotates passwords in the store and moves updated", async () => {
    const t = await world();
    const created = await t.caller.emailAccounts.create({
      domainId: t.domain.id,
      email: `rot@${t.domain.domain}`,
      smtp: smtpSettings(),
      imap: smtpSettings(),
    });
    const rotated = await t.caller.emailAccounts.updateCredentials({ id: created.id, smtpPassword: "new smtp" });
    expect(rotated.updated.getTime()).toBeGreaterThanOrEqual(created.updated.getTime());
    expect(await secrets.get(`${created.vaultKeyPath}/smtp`)).toBe("new smtp");
    await t.caller.emailAccounts.updateCredentials({ id: created.id, imapPassword: "new imap", smtpPassword: "newer" });
    expect(await secrets.get(`${created.vaultKeyPath}/imap`)).toBe("new imap");
    expect(await secrets.get(`${created.vaultKeyPath}/smtp`)).toBe("newer");
    expect(await trpcCode(t.caller.emailAccounts.updateCredentials({ id: created.id }))).toBe("BAD_REQUEST");

    const noImap = await t.caller.emailAccounts.create({
      domainId: t.domain.id,
      email: `noimap@${t.domain.domain}`,
      smtp: smtpSettings(),
    });
    const failure = await failureOf(t.caller.emailAccounts.updateCredentials({ id: noImap.id, imapPassword: "x" }));
    expect(failure).toMatchObject({ code: "BAD_REQUEST", fields: ["imapPassword"] });
    expect(await secrets.get(`${noImap.vaultKeyPath}/imap`)).toBeNull();
  });
});

describe("emailAccounts.delete", () => {
  it("deletes the mailbox and its passwords", async () => {
    const t = await world();
    const created = await t.caller.emailAccounts.create({
      domainId: t.domain.id,
      email: `del@${t.domain.domain}`,
      smtp: smtpSettings(),
      imap: smtpSettings(),
    });
    expect(await t.caller.emailAccounts.delete({ id: created.id })).toEqual({ id: created.id, deleted: true });
    expect(await trpcCode(t.caller.emailAccounts.get({ id: created.id }))).toBe("NOT_FOUND");
    expect(await storedSecretPaths(database.db, t.tenantId)).toEqual([]);
    expect(await trpcCode(t.caller.emailAccounts.delete({ id: created.id }))).toBe("NOT_FOUND");
  });

  it("is refused with CONFLICT naming the campaigns whose steps send from it", async () => {
    const t = await world();
    const created = await t.caller.emailAccounts.create({
      domainId: t.domain.id,
      email: `used@${t.domain.domain}`,
      smtp: smtpSettings(),
    });
    const [campaign] = await database.db
      .insert(schema.campaigns)
      .values({ tenantId: t.tenantId, companyId: t.domain.companyId, name: "Spring outreach" })
      .returning({ id: schema.campaigns.id });
    if (!campaign) throw new Error("campaign insert returned nothing");
    await database.db.insert(schema.campaignSequenceSteps).values({
      tenantId: t.tenantId,
      campaignId: campaign.id,
      stepOrder: 1,
      stepType: "email",
      emailAccountId: created.id,
    });
    const failure = await failureOf(t.caller.emailAccounts.delete({ id: created.id }));
    expect(failure).toMatchObject({ code: "CONFLICT", details: { blockers: ["campaign: Spring outreach"] } });
    expect(failure.message).toContain("Spring outreach");
    expect(await t.caller.emailAccounts.get({ id: created.id })).toMatchObject({ id: created.id });
    expect(await secrets.get(`${created.vaultKeyPath}/smtp`)).not.toBeNull();
  });
});
