import { listEmailAccounts } from "@outbound/db/queries/email-accounts";
import type { TRPCRouterRecord } from "@trpc/server";
import { rest } from "../rest.js";
import {
  createEmailAccountInput,
  deletedEmailAccountOutput,
  emailAccountIdInput,
  emailAccountOutput,
  emailAccountPageOutput,
  emailAccountWithInboundOutput,
  listEmailAccountsInput,
  recordSendInput,
  setEmailAccountStatusInput,
  updateEmailAccountCredentialsInput,
  updateEmailAccountInput,
} from "../schemas/email-accounts.js";
import {
  assertDomainOfTenant,
  createEmailAccount,
  deleteEmailAccount,
  requireEmailAccount,
  setEmailAccountStatus,
  startEmailAccountWarmup,
  stopEmailAccountWarmup,
  updateEmailAccountCredentials,
  updateEmailAccountSettings,
} from "../services/email-accounts/email-accounts.js";
import { withInboundStates } from "../services/email-accounts/inbound-state.js";
import { recordSend } from "../services/email-accounts/sending.js";
import { testEmailAccountConnection } from "../services/email-accounts/smtp.js";
import { idempotent, tenantProcedure } from "../trpc.js";

/**
 * Mailboxes (`email_accounts`). Passwords go to the secret store and never come back out:
 * answers say `hasSmtpPassword` / `hasImapPassword` instead.
 */
export const emailAccountsRouter = {
  /** Newest first, each with its `inbound` state as `get` has it; a `domainId` that is not the tenant's is NOT_FOUND. */
  list: tenantProcedure("read")
    .meta(rest("GET", "/email-accounts", "email accounts", "List mailboxes with their inbound state"))
    .input(listEmailAccountsInput.default({ limit: 50 }))
    .output(emailAccountPageOutput)
    .query(async ({ ctx, input }) => {
      const tenantId = ctx.tenant.id;
      if (input.domainId) await assertDomainOfTenant(ctx.db, { tenantId, domainId: input.domainId });
      const page = await listEmailAccounts(ctx.db, { tenantId, ...input });
      return { ...page, items: await withInboundStates(ctx.db, tenantId, page.items) };
    }),

  /** With `inbound`: how reading its IMAP inbox goes (null before the first poll or without IMAP settings). */
  get: tenantProcedure("read")
    .meta(rest("GET", "/email-accounts/{id}", "email accounts", "Get a mailbox with its inbound state"))
    .input(emailAccountIdInput)
    .output(emailAccountWithInboundOutput)
    .query(async ({ ctx, input }) => {
      const account = await requireEmailAccount(ctx.db, { tenantId: ctx.tenant.id, id: input.id });
      const [withInbound] = await withInboundStates(ctx.db, ctx.tenant.id, [account]);
      return withInbound ?? { ...account, inbound: null };
    }),

  /** The address must be on the given domain of the tenant; counted against `max_email_accounts`. */
  create: tenantProcedure("setup")
    .meta(rest("POST", "/email-accounts", "email accounts", "Add a mailbox"))
    .input(createEmailAccountInput)
    .use(idempotent)
    .output(emailAccountOutput)
    .mutation(({ ctx, input }) =>
      createEmailAccount(
        { db: ctx.db, secrets: ctx.deps.secrets, clock: ctx.deps.clock, once: ctx.once },
        { tenantId: ctx.tenant.id, input },
      ),
    ),

  update: tenantProcedure("setup")
    .meta(rest("PATCH", "/email-accounts/{id}", "email accounts", "Update a mailbox's settings"))
    .input(updateEmailAccountInput)
    .output(emailAccountOutput)
    .mutation(({ ctx, input }) => updateEmailAccountSettings(ctx.deps, { tenantId: ctx.tenant.id, input })),

  /** Replaces the stored SMTP and/or IMAP password. */
  updateCredentials: tenantProcedure("setup")
    .meta(rest("PATCH", "/email-accounts/{id}/credentials", "email accounts", "Replace the SMTP and/or IMAP password"))
    .input(updateEmailAccountCredentialsInput)
    .output(emailAccountOutput)
    .mutation(({ ctx, input }) => updateEmailAccountCredentials(ctx.deps, { tenantId: ctx.tenant.id, input })),

  /** Refused with CONFLICT while a campaign step sends from the mailbox; removes its passwords. */
  delete: tenantProcedure("setup")
    .meta(rest("DELETE", "/email-accounts/{id}", "email accounts", "Delete a mailbox"))
    .input(emailAccountIdInput)
    .output(deletedEmailAccountOutput)
    .mutation(({ ctx, input }) => deleteEmailAccount(ctx.deps, { tenantId: ctx.tenant.id, id: input.id })),

  /** `disabled` also ends a running warmup. */
  setStatus: tenantProcedure("setup")
    .meta(rest("POST", "/email-accounts/{id}/status", "email accounts", "Set a mailbox active, paused or disabled"))
    .input(setEmailAccountStatusInput)
    .output(emailAccountOutput)
    .mutation(({ ctx, input }) => setEmailAccountStatus(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Counted against `max_warmups`; starting a running warmup is CONFLICT. */
  startWarmup: tenantProcedure("setup")
    .meta(rest("POST", "/email-accounts/{id}/start-warmup", "email accounts", "Start warming the mailbox up"))
    .input(emailAccountIdInput)
    .output(emailAccountOutput)
    .mutation(({ ctx, input }) =>
      startEmailAccountWarmup(ctx.db, { tenantId: ctx.tenant.id, id: input.id, now: ctx.deps.clock.now() }),
    ),

  stopWarmup: tenantProcedure("setup")
    .meta(rest("POST", "/email-accounts/{id}/stop-warmup", "email accounts", "Stop the mailbox's warmup"))
    .input(emailAccountIdInput)
    .output(emailAccountOutput)
    .mutation(({ ctx, input }) =>
      stopEmailAccountWarmup(ctx.db, { tenantId: ctx.tenant.id, id: input.id, now: ctx.deps.clock.now() }),
    ),

  /**
   * Counts sends from an active mailbox: TOO_MANY_REQUESTS past its daily cap (with `retryAfter`
   * until midnight in the tenant's time zone), PAYMENT_REQUIRED past `max_emails_per_month`.
   */
  recordSend: tenantProcedure("content")
    .input(recordSendInput)
    .mutation(({ ctx, input }) => recordSend(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Logs in to the mailbox's SMTP server and reports `{ ok, reason?, error? }`; a failed login is an answer, not an error. */
  testConnection: tenantProcedure("setup")
    .input(emailAccountIdInput)
    .mutation(({ ctx, input }) => testEmailAccountConnection(ctx.deps, { tenantId: ctx.tenant.id, id: input.id })),
} satisfies TRPCRouterRecord;
