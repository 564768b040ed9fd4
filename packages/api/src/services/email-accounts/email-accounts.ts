import { type Database, newId } from "@outbound/db";
import {
  beginWarmup,
  campaignsUsingEmailAccount,
  deleteEmailAccountRow,
  type EmailAccountChanges,
  endWarmup,
  findEmailAccountIdByEmail,
  findMailboxDomain,
  getEmailAccount,
  insertEmailAccount,
  lockEmailAccount,
  updateEmailAccount,
} from "@outbound/db/queries/email-accounts";
import { pollSoon, resetPollState } from "@outbound/db/queries/inbound";
import type { z } from "zod";
import type { Clock } from "../../clock.js";
import { badRequest, conflict, notFound } from "../../errors.js";
import type {
  createEmailAccountInput,
  mailServerSettings,
  updateEmailAccountCredentialsInput,
  updateEmailAccountInput,
} from "../../schemas/email-accounts.js";
import type { Once } from "../platform/idempotency.js";
import { updatedOrExplain } from "../platform/updates.js";
import { withinLimit } from "../quotas/limits.js";
import { forgetSecrets, type SecretStore } from "../secrets/secret-store.js";

/** What mailbox services need from the server: the database and the secret store. */
export interface MailboxDeps {
  db: Database;
  secrets: SecretStore;
  clock: Clock;
}

type Settings = z.infer<typeof mailServerSettings>;
type WithPassword = Settings & { password?: string | undefined };

/** The `vault_key_path` of a mailbox: its secrets live under it, one path per password. */
export const mailboxVaultKeyPath = (tenantId: string, id: string) => `tenants/${tenantId}/email-accounts/${id}`;

export const mailboxSecretPaths = (vaultKeyPath: string) => ({
  smtp: `${vaultKeyPath}/smtp`,
  imap: `${vaultKeyPath}/imap`,
});

const withoutPassword = ({ password: _password, ...settings }: WithPassword): Settings => settings;

export async function requireEmailAccount(db: Database, args: { tenantId: string; id: string }) {
  const account = await getEmailAccount(db, args);
  if (!account) throw notFound("Email account");
  return account;
}

/** A domain filter naming no domain of the tenant is NOT_FOUND, as for any other id. */
export async function assertDomainOfTenant(db: Database, args: { tenantId: string; domainId: string }) {
  const domain = await findMailboxDomain(db, { tenantId: args.tenantId, id: args.domainId });
  if (!domain) throw notFound("Domain");
  return domain;
}

/**
 * Passwords are written to the store first, under the new mailbox's own path, and the row
 * second; if the row can't be created (limit, duplicate, replayed key) the passwords are
 * removed again, so a row never points at missing secrets. The store is never called inside
 * a transaction: the embedded store writes through its own handle, which on a single-connection
 * PGlite would wait for that transaction forever.
 */
export async function createEmailAccount(
  deps: MailboxDeps & { once: Once },
  args: { tenantId: string; input: Omit<z.infer<typeof createEmailAccountInput>, "idempotencyKey"> },
) {
  const { tenantId } = args;
  const { smtp, imap, ...account } = args.input;
  const domain = await assertDomainOfTenant(deps.db, { tenantId, domainId: account.domainId });
  const addressDomain = account.email.slice(account.email.lastIndexOf("@") + 1);
  if (addressDomain !== domain.domain.toLowerCase()) {
    throw badRequest(`${account.email} is not an address on ${domain.domain}`, {
      email: [`must be an address on ${domain.domain}`],
    });
  }

  const id = newId();
  const vaultKeyPath = mailboxVaultKeyPath(tenantId, id);
  const paths = mailboxSecretPaths(vaultKeyPath);
  const written: string[] = [];
  try {
    await deps.secrets.put(paths.smtp, smtp.password);
    written.push(paths.smtp);
    if (imap) {
      await deps.secrets.put(paths.imap, imap.password);
      written.push(paths.imap);
    }
    // Passwords stay out of the stored request hash; a retry with another password replays the first mailbox.
    const request = { ...account, smtp: withoutPassword(smtp), imap: imap ? withoutPassword(imap) : null };
    const created = await deps.once(
      async (tx) => {
        if (await findEmailAccountIdByEmail(tx, { tenantId, email: account.email })) {
          throw conflict(`A mailbox for ${account.email} exists already`);
        }
        return withinLimit(tx, { tenantId, limit: "max_email_accounts", now: deps.clock.now() }, (t) =>
          insertEmailAccount(t, {
            ...account,
            id,
            tenantId,
            vaultKeyPath,
            smtpSettings: withoutPassword(smtp),
            imapSettings: imap ? withoutPassword(imap) : null,
          }),
        );
      },
      { request },
    );
    if (created.id !== id) await forgetSecrets(deps.secrets, written);
    return created;
  } catch (error) {
    await forgetSecrets(deps.secrets, written);
    throw error;
  }
}

/** Whether new IMAP settings point at another mailbox (server or account), so UIDs read so far mean nothing. */
function imapAccountChanged(
  before: { host: string; port: number; username: string } | null,
  after: { host: string; port: number; username: string } | null,
): boolean {
  if (!before || !after) return before !== after;
  return before.host !== after.host || before.port !== after.port || before.username !== after.username;
}

/**
 * Settings change without passwords, except that adding IMAP needs its password: it is
 * written before the row says IMAP exists (and removed if the update fails). Removing IMAP
 * (`imap: null`) removes its password after the row no longer names it.
 */
export async function updateEmailAccountSettings(
  deps: MailboxDeps,
  args: { tenantId: string; input: z.infer<typeof updateEmailAccountInput> },
) {
  const { tenantId } = args;
  const { id, imap, smtp, provider, dailyCap, expectedUpdated } = args.input;
  const current = await requireEmailAccount(deps.db, { tenantId, id });
  const paths = mailboxSecretPaths(current.vaultKeyPath ?? mailboxVaultKeyPath(tenantId, id));
  const addingImap = imap != null && current.imapSettings === null;
  if (imap?.password !== undefined && !addingImap) {
    throw badRequest("This mailbox has an IMAP password already: rotate it with updateCredentials", {
      "imap.password": ["only when adding IMAP; rotate an existing password with updateCredentials"],
    });
  }
  if (addingImap && imap?.password === undefined) {
    throw badRequest("Adding IMAP to a mailbox needs its password", {
      "imap.password": ["is required when adding IMAP"],
    });
  }
  const changes: EmailAccountChanges = { provider, dailyCap, smtpSettings: smtp };
  if (imap !== undefined) changes.imapSettings = imap === null ? null : withoutPassword(imap);

  if (addingImap && imap?.password !== undefined) await deps.secrets.put(paths.imap, imap.password);
  try {
    const updated = await updateEmailAccount(deps.db, { tenantId, id, changes, expectedUpdated });
    const result = await updatedOrExplain(updated, {
      what: "Email account",
      exists: async () => (await getEmailAccount(deps.db, { tenantId, id })) !== null,
    });
    if (imap === null && current.imapSettings !== null) await deps.secrets.delete(paths.imap);
    if (imap !== undefined && imapAccountChanged(current.imapSettings, imap)) {
      await resetPollState(deps.db, { tenantId, emailAccountId: id });
    }
    return result;
  } catch (error) {
    if (addingImap) await forgetSecrets(deps.secrets, [paths.imap]);
    throw error;
  }
}

/**
 * Rotates passwords in the store, then touches the row (its `updated` moves, so readers see
 * the change). If the mailbox was deleted meanwhile, the new passwords are removed again.
 */
export async function updateEmailAccountCredentials(
  deps: MailboxDeps,
  args: { tenantId: string; input: z.infer<typeof updateEmailAccountCredentialsInput> },
) {
  const { tenantId } = args;
  const { id, smtpPassword, imapPassword } = args.input;
  const current = await requireEmailAccount(deps.db, { tenantId, id });
  if (imapPassword !== undefined && current.imapSettings === null) {
    throw badRequest("This mailbox has no IMAP settings: add IMAP with update, giving its password", {
      imapPassword: ["the mailbox has no IMAP settings"],
    });
  }
  // A row made outside this API may lack a path; it gets one with its first SMTP password.
  if (!current.vaultKeyPath && smtpPassword === undefined) {
    throw badRequest("This mailbox has no stored passwords yet: give smtpPassword", {
      smtpPassword: ["is required for a mailbox without stored passwords"],
    });
  }
  const vaultKeyPath = current.vaultKeyPath ?? mailboxVaultKeyPath(tenantId, id);
  const paths = mailboxSecretPaths(vaultKeyPath);
  const written: string[] = [];
  if (smtpPassword !== undefined) {
    await deps.secrets.put(paths.smtp, smtpPassword);
    written.push(paths.smtp);
  }
  if (imapPassword !== undefined) {
    await deps.secrets.put(paths.imap, imapPassword);
    written.push(paths.imap);
  }
  const touched = await updateEmailAccount(deps.db, {
    tenantId,
    id,
    changes: current.vaultKeyPath ? {} : { vaultKeyPath },
  });
  if (!touched) {
    await forgetSecrets(deps.secrets, written);
    throw notFound("Email account");
  }
  // A person fixed the password: the inbound poller tries at once instead of waiting out its backoff.
  if (imapPassword !== undefined) await pollSoon(deps.db, { tenantId, emailAccountId: id });
  return touched;
}

/**
 * Refused with CONFLICT, naming the campaigns, while a campaign step sends from the mailbox.
 * Its passwords are removed once the row is gone, so no row ever points at a missing secret.
 */
export async function deleteEmailAccount(deps: MailboxDeps, args: { tenantId: string; id: string }) {
  const removed = await deps.db.transaction(async (tx) => {
    const account = await lockEmailAccount(tx, args);
    if (!account) throw notFound("Email account");
    const users = await campaignsUsingEmailAccount(tx, args);
    if (users.length > 0) {
      const names = users.map((c) => c.name);
      throw conflict(`This mailbox is used by campaign steps of: ${names.join(", ")}. Change those steps first`, {
        blockers: names.map((name) => `campaign: ${name}`),
      });
    }
    await deleteEmailAccountRow(tx, args);
    return account;
  });
  if (removed.vaultKeyPath) {
    const paths = mailboxSecretPaths(removed.vaultKeyPath);
    await forgetSecrets(deps.secrets, [paths.smtp, paths.imap]);
  }
  return { id: removed.id, deleted: true as const };
}

/** Disabling a mailbox also ends its warmup, so a disabled mailbox never holds a `max_warmups` slot. */
export async function setEmailAccountStatus(
  db: Database,
  args: { tenantId: string; id: string; status: string; expectedUpdated?: Date | undefined },
) {
  const changes: EmailAccountChanges = { status: args.status };
  if (args.status === "disabled") changes.warmupStarted = null;
  const updated = await updateEmailAccount(db, { ...args, changes });
  return updatedOrExplain(updated, {
    what: "Email account",
    exists: async () => (await getEmailAccount(db, args)) !== null,
  });
}

/** Counted against `max_warmups`; a second start is CONFLICT, and a disabled mailbox can't warm up. */
export async function startEmailAccountWarmup(db: Database, args: { tenantId: string; id: string; now: Date }) {
  const { now } = args;
  const { tenantId } = args;
  const current = await requireEmailAccount(db, args);
  const refusal = warmupRefusal(current);
  if (refusal) throw refusal;
  return withinLimit(db, { tenantId, limit: "max_warmups", now }, async (tx) => {
    const started = await beginWarmup(tx, args);
    if (started) return started;
    throw warmupRefusal(await requireEmailAccount(tx, args)) ?? conflict("The mailbox changed meanwhile: retry");
  });
}

function warmupRefusal(account: { status: string; warmupStarted: Date | null }) {
  if (account.warmupStarted) return conflict("This mailbox is warming up already", { status: "warming_up" });
  if (account.status === "disabled") {
    return conflict("A disabled mailbox can't warm up: set it active or paused first", { status: account.status });
  }
  return null;
}

export async function stopEmailAccountWarmup(db: Database, args: { tenantId: string; id: string; now: Date }) {
  const stopped = await endWarmup(db, args);
  if (stopped) return stopped;
  await requireEmailAccount(db, args);
  throw conflict("This mailbox is not warming up", { status: "not_warming_up" });
}
