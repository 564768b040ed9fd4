import { dkimSecretPath } from "@outbound/api/services/dns/records";
import { mailboxSecretPaths, mailboxVaultKeyPath } from "@outbound/api/services/email-accounts/email-accounts";
import { aboutMessage, emitWebhookEvent } from "@outbound/api/services/webhooks/outbox";
import {
  type EngineStep,
  pauseMailbox,
  type SendingMailbox,
  setLeadStatusFrom,
} from "@outbound/db/queries/engine-enrollments";
import { finishAttempt, insertEmailEvent, type StepMessage } from "@outbound/db/queries/engine-messages";
import { type Batch, type Enrollment, readSecret } from "./batch.js";
import { recordHardBounce } from "./hard-bounce.js";
import { advance, end, type StepOutcome, waitUntil } from "./outcome.js";
import { nextRetryAt } from "./retry.js";
import type { OutgoingMail, SendOutcome } from "./transport.js";

const MAILBOX_PAUSE_RETRY_MS = 15 * 60_000;

export interface Attempt {
  id: string;
  mailbox: SendingMailbox;
  toEmail: string;
  fromName: string | null;
  subject: string;
  html: string | null;
  text: string;
  headers: Record<string, string>;
  messageId: string;
  attempts: number;
  firstAttempt: Date;
}

/** The selector of the domain's DKIM record (`<selector>._domainkey.<domain>`), as published. */
function dkimSelector(mailbox: SendingMailbox): string | null {
  const record = mailbox.dnsRecords.find((r) => r.purpose === "dkim");
  const match = record?.host.match(/^([^.]+)\._domainkey\./i);
  return match?.[1] ?? null;
}

async function outgoing(batch: Batch, attempt: Attempt): Promise<OutgoingMail | SendOutcome> {
  const { mailbox } = attempt;
  const tenantId = batch.campaign.tenantId;
  if (!mailbox.smtpSettings) return { kind: "mailbox", response: "the mailbox has no SMTP settings" };
  const paths = mailboxSecretPaths(mailbox.vaultKeyPath ?? mailboxVaultKeyPath(tenantId, mailbox.id));
  const password = await readSecret(batch, paths.smtp);
  if (password === null) return { kind: "mailbox", response: "the mailbox's SMTP password is missing" };
  const selector = dkimSelector(mailbox);
  const privateKey = selector
    ? await readSecret(batch, dkimSecretPath({ tenantId, domainId: mailbox.domainId, selector }))
    : null;
  return {
    mailbox: {
      id: mailbox.id,
      email: mailbox.email,
      settings: mailbox.smtpSettings,
      password,
    },
    dkim: selector && privateKey ? { domainName: mailbox.domain, keySelector: selector, privateKey } : null,
    from: { name: attempt.fromName, address: mailbox.email },
    to: attempt.toEmail,
    subject: attempt.subject,
    text: attempt.text,
    html: attempt.html,
    headers: attempt.headers,
    messageId: attempt.messageId,
  };
}

/**
 * Runs the SMTP attempt the caller has marked under way, and records its outcome: sent (the
 * enrollment moves on), retried later (4xx, connection), a hard bounce (the address is
 * suppressed and its enrollments end), a permanent failure, or a mailbox that can't log in
 * (paused; the message waits for it).
 */
export async function deliver(batch: Batch, e: Enrollment, step: EngineStep, attempt: Attempt): Promise<StepOutcome> {
  const { db, clock, transport } = batch.deps;
  const mail = await outgoing(batch, attempt);
  const outcome = "kind" in mail ? mail : await transport.send(mail);
  const now = clock.now();
  const tenantId = e.tenantId;
  const ref = { tenantId, id: attempt.id, now };
  const event = {
    tenantId,
    messageId: attempt.id,
    leadId: e.leadId,
    campaignId: e.campaignId,
    campaignLeadId: e.id,
    stepId: step.id,
  };
  switch (outcome.kind) {
    case "sent":
      await db.transaction(async (tx) => {
        await finishAttempt(tx, { ...ref, status: "sent", smtpResponse: outcome.response });
        await insertEmailEvent(tx, { ...event, type: "sent", occurred: now, data: { stepOrder: step.stepOrder } });
        await setLeadStatusFrom(tx, { tenantId, id: e.leadId, status: "contacted", onlyFrom: ["new"], now });
        await emitWebhookEvent(tx, {
          tenantId,
          type: "message.sent",
          data: aboutMessage(
            { id: attempt.id, leadId: e.leadId, campaignId: e.campaignId, stepId: step.id, toEmail: attempt.toEmail },
            { subject: attempt.subject },
          ),
          now,
        });
      });
      return advance(e, now, now, {
        lastEmailAt: now,
        emailAccountId: e.emailAccountId,
        threadMessageId: e.threadMessageId,
      });
    case "retry": {
      const retryAt = nextRetryAt({ attempts: attempt.attempts, firstAttempt: attempt.firstAttempt, now });
      if (retryAt === null) {
        await finishAttempt(db, { ...ref, status: "failed", smtpResponse: outcome.response });
        return end("failed", `not delivered after ${attempt.attempts} attempts: ${outcome.response}`, now);
      }
      await finishAttempt(db, { ...ref, status: "queued", smtpResponse: outcome.response });
      return waitUntil(retryAt, `attempt ${attempt.attempts} deferred: ${outcome.response}`);
    }
    case "bounce":
      await db.transaction((tx) =>
        recordHardBounce(tx, {
          message: { ...event, id: attempt.id, toEmail: attempt.toEmail },
          response: outcome.response,
          now,
        }),
      );
      return end("bounced", `hard bounce: ${outcome.response}`, now);
    case "failed":
      await finishAttempt(db, { ...ref, status: "failed", smtpResponse: outcome.response });
      return end("failed", `refused: ${outcome.response}`, now);
    case "mailbox":
      await db.transaction(async (tx) => {
        await pauseMailbox(tx, { tenantId, id: attempt.mailbox.id, now });
        await finishAttempt(tx, { ...ref, status: "queued", smtpResponse: outcome.response });
      });
      batch.deps.log?.("warn", "mailbox paused: it can't send", { tenantId, emailAccountId: attempt.mailbox.id });
      return waitUntil(
        new Date(now.getTime() + MAILBOX_PAUSE_RETRY_MS),
        `mailbox ${attempt.mailbox.email} paused: ${outcome.response}`,
      );
  }
}

/** An attempt whose worker died mid-conversation: recorded as failed, never sent again. */
export async function markInterrupted(batch: Batch, message: StepMessage, now: Date): Promise<void> {
  await finishAttempt(batch.deps.db, {
    tenantId: batch.campaign.tenantId,
    id: message.id,
    status: "failed",
    smtpResponse: "interrupted: the worker stopped during the SMTP conversation; not retried, so it can't arrive twice",
    now,
  });
  batch.deps.log?.("warn", "message attempt interrupted; not retried", {
    tenantId: batch.campaign.tenantId,
    messageId: message.id,
  });
}
