import { isIP } from "node:net";
import { z } from "zod";
import { email } from "./auth.js";
import { expectedUpdated, id, idempotencyKey, listInput, pageOf, timestamp } from "./common.js";

export const EMAIL_ACCOUNT_PROVIDERS = ["smtp", "gmail", "outlook", "other"] as const;
export const EMAIL_ACCOUNT_STATUSES = ["active", "paused", "disabled"] as const;
export const MAIL_SECURITY_MODES = ["ssl", "starttls", "none"] as const;

const HOST_LABEL = "(?!-)[a-z0-9-]{1,63}(?<!-)";
const HOST_NAME = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);

/** A host name (LDH labels) or a bare IPv4/IPv6 address: no scheme, port, path or brackets. Stored lower-case. */
export const mailHost = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { error: "is required", abort: true })
  .max(253, { error: "must be at most 253 characters", abort: true })
  .refine(
    (value) => isIP(value) !== 0 || (HOST_NAME.test(value) && !/^[\d.]+$/.test(value)),
    "must be a host name or IP address, without scheme, port or path",
  );

export const mailPort = z.number().int().min(1, "must be 1..65535").max(65535, "must be 1..65535");

/** Control characters would let a user name break out of an SMTP/IMAP command line. */
const mailUsername = z
  .string()
  .trim()
  .min(1, { error: "is required", abort: true })
  .max(255)
  .regex(/^[^\p{Cc}]+$/u, "must not contain control characters");

export const mailPassword = z.string().min(1, "is required").max(1024);

/** What a mailbox row keeps of a mail server: everything but the password. */
export const mailServerSettings = z
  .object({ host: mailHost, port: mailPort, security: z.enum(MAIL_SECURITY_MODES), username: mailUsername })
  .strict();

const mailServerWithPassword = mailServerSettings.extend({ password: mailPassword }).strict();

export const dailyCap = z.number().int().min(1).max(100_000);

export const listEmailAccountsInput = listInput
  .extend({ status: z.enum(EMAIL_ACCOUNT_STATUSES).optional(), domainId: id.optional() })
  .strict();

export const createEmailAccountInput = z
  .object({
    domainId: id,
    email,
    provider: z.enum(EMAIL_ACCOUNT_PROVIDERS).default("smtp"),
    smtp: mailServerWithPassword,
    imap: mailServerWithPassword.optional(),
    dailyCap: dailyCap.optional(),
    idempotencyKey,
  })
  .strict();

/**
 * Passwords are rotated with `updateCredentials`; the one exception is `imap.password`, required
 * when IMAP is added to a mailbox that has none (a mailbox never has IMAP settings without a password).
 */
export const updateEmailAccountInput = z
  .object({
    id,
    provider: z.enum(EMAIL_ACCOUNT_PROVIDERS).optional(),
    smtp: mailServerSettings.optional(),
    imap: mailServerSettings.extend({ password: mailPassword.optional() }).strict().nullable().optional(),
    dailyCap: dailyCap.optional(),
    expectedUpdated,
  })
  .strict();

export const updateEmailAccountCredentialsInput = z
  .object({ id, smtpPassword: mailPassword.optional(), imapPassword: mailPassword.optional() })
  .strict()
  .refine((input) => input.smtpPassword !== undefined || input.imapPassword !== undefined, {
    message: "give smtpPassword, imapPassword or both",
    path: ["smtpPassword"],
  });

export const setEmailAccountStatusInput = z
  .object({ id, status: z.enum(EMAIL_ACCOUNT_STATUSES), expectedUpdated })
  .strict();

export const emailAccountIdInput = z.object({ id }).strict();

export const recordSendInput = z.object({ id, count: z.number().int().min(1).max(10_000).default(1) }).strict();

const mailServerOutput = z.object({
  host: z.string(),
  port: z.number().int(),
  security: z.enum(["ssl", "starttls", "none"]),
  username: z.string(),
});

/** A mailbox as every procedure answers it: its passwords never, only whether they are stored. */
export const emailAccountOutput = z.object({
  id: z.string(),
  domainId: z.string(),
  email: z.string(),
  provider: z.string(),
  status: z.string(),
  smtpSettings: mailServerOutput.nullable(),
  imapSettings: mailServerOutput.nullable(),
  hasSmtpPassword: z.boolean(),
  hasImapPassword: z.boolean(),
  vaultKeyPath: z.string().nullable(),
  dailyCap: z.number().int(),
  dailyCount: z.number().int(),
  dailyCountDate: z.string().meta({ format: "date", description: "The day (UTC) `dailyCount` counts" }).nullable(),
  warmupStarted: timestamp.nullable(),
  lastWarmed: timestamp.nullable(),
  created: timestamp,
  updated: timestamp,
});

/** `emailAccounts.get`: also how reading its IMAP inbox goes (null before the first poll). */
export const emailAccountWithInboundOutput = emailAccountOutput.extend({
  inbound: z
    .object({
      lastPolledAt: timestamp.nullable(),
      nextPollAt: timestamp.nullable(),
      error: z.string().nullable(),
      failedAt: timestamp.nullable(),
    })
    .nullable(),
});

/** `emailAccounts.list`: a page of mailboxes, each with its inbound state. */
export const emailAccountPageOutput = pageOf(emailAccountWithInboundOutput);

export const deletedEmailAccountOutput = z.object({ id: z.string(), deleted: z.literal(true) });
