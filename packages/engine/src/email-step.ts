import { DomainError } from "@outbound/api";
import { evaluateSendCondition, parseSendCondition, SEND_CONDITION_EVENTS } from "@outbound/api/domain/send-condition";
import { leadVariables, renderSeed, renderTemplate } from "@outbound/api/services/content/template-render";
import { usageMonth } from "@outbound/api/services/quotas/usage-month";
import { newId } from "@outbound/db";
import { incrementStepExecution } from "@outbound/db/queries/campaign-steps";
import { addMonthlyEmails } from "@outbound/db/queries/email-accounts";
import {
  campaignStatusNow,
  changeLeasedEnrollment,
  type EngineStep,
  enrollmentEventTypes,
  reserveMailboxSend,
  touchIpAssignment,
} from "@outbound/db/queries/engine-enrollments";
import {
  countFirstMessagesSince,
  findStepMessage,
  finishAttempt,
  insertQueuedMessage,
  type StepMessage,
  startRetryAttempt,
} from "@outbound/db/queries/engine-messages";
import { lockTenantScope } from "@outbound/db/queries/limits";
import type { Batch, Enrollment } from "./batch.js";
import { composeMessage } from "./compose.js";
import { deliver, markInterrupted } from "./deliver.js";
import { localDate, startOfLocalDay, startOfNextLocalDay } from "./local-day.js";
import { advance, end, type StepOutcome, waitUntil } from "./outcome.js";
import { chooseSenders, countSend, mailboxForRetry, type SenderChoice } from "./senders.js";
import { isWindowOpen, nextWindowOpening } from "./sending-window.js";
import { dailyAllowance } from "./warmup.js";

const HOUR_MS = 3_600_000;

/** A reason the step can't send now, found inside the transaction that would have counted it. */
class Deferred extends Error {
  constructor(
    readonly until: Date,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `email`: send the step's message to the lead once, ever. The message row is committed as
 * `queued`, with its attempt marked under way, before the SMTP conversation starts; every
 * counter (mailbox day, month, campaign day, step executions) moves in that same transaction.
 */
export async function runEmailStep(batch: Batch, e: Enrollment, step: EngineStep, now: Date): Promise<StepOutcome> {
  const existing = await findStepMessage(batch.deps.db, {
    tenantId: e.tenantId,
    campaignLeadId: e.id,
    stepId: step.id,
  });
  if (existing) return resumeMessage(batch, e, step, existing, now);

  if (step.sendCondition) {
    const parsed = parseSendCondition(step.sendCondition);
    if (!parsed.ok) return end("failed", `step ${step.stepOrder} has an invalid send condition`, now);
    const events = await enrollmentEventTypes(batch.deps.db, { tenantId: e.tenantId, campaignLeadId: e.id });
    const facts = {
      events: new Set(SEND_CONDITION_EVENTS.filter((event) => events.has(event))),
      lead: { ...leadFields(e), status: e.lead.status },
    };
    if (!evaluateSendCondition(parsed.condition, facts)) return advance(e, now, now);
  }
  const window = batch.campaign.sendingWindow;
  if (!isWindowOpen(window, now)) return waitUntil(nextWindowOpening(window, now));
  if (step.subject === null || step.content === null) {
    return end("failed", `step ${step.stepOrder} has no template`, now);
  }
  let rendered: { subject: string; content: string };
  try {
    rendered = renderTemplate(
      { subject: step.subjectOverride ?? step.subject, content: step.content },
      { variables: leadVariables(e.lead), seed: renderSeed(step.templateId ?? step.id, { leadId: e.leadId }) },
    );
  } catch (error) {
    if (error instanceof DomainError) return end("failed", `step ${step.stepOrder}: ${error.message}`, now);
    throw error;
  }
  if ("refusal" in batch.allowance) return waitUntil(new Date(now.getTime() + HOUR_MS), batch.allowance.refusal);

  const choice = await chooseSenders(batch, e, step, now);
  if (choice.kind !== "senders") return choice.outcome;
  return sendFirstAttempt(batch, e, step, rendered, choice, now);
}

function leadFields(e: Enrollment) {
  const variables = leadVariables(e.lead);
  return {
    email: e.lead.email,
    name: e.lead.name,
    first_name: variables.first_name ?? null,
    last_name: variables.last_name ?? null,
    company: e.lead.company,
  };
}

async function sendFirstAttempt(
  batch: Batch,
  e: Enrollment,
  step: EngineStep,
  rendered: { subject: string; content: string },
  choice: Extract<SenderChoice, { kind: "senders" }>,
  now: Date,
): Promise<StepOutcome> {
  const { db, tokenKey, publicUrl } = batch.deps;
  const campaign = batch.campaign;
  const id = newId();
  const isFirst = e.threadMessageId === null;
  const today = localDate(now, batch.timeZone);
  const allowed = "allowed" in batch.allowance ? batch.allowance.allowed : 0;
  let chosen: (typeof choice.mailboxes)[number] | undefined;
  let composed: ReturnType<typeof composeMessage> | undefined;
  try {
    await db.transaction(async (tx) => {
      const held = await changeLeasedEnrollment(tx, {
        tenantId: e.tenantId,
        id: e.id,
        token: batch.token,
        now,
        change: {},
        keepLease: true,
      });
      if (!held) throw new Deferred(now, "lease lost");
      if ((await campaignStatusNow(tx, { tenantId: e.tenantId, id: campaign.id })) !== "active") {
        throw new Deferred(now, "campaign not active");
      }
      if (isFirst && campaign.dailyLimit !== null) {
        const zone = campaign.sendingWindow?.timezone ?? "UTC";
        await lockTenantScope(tx, { tenantId: e.tenantId, name: `campaign-daily:${campaign.id}` });
        const since = startOfLocalDay(now, zone);
        const sent = await countFirstMessagesSince(tx, { tenantId: e.tenantId, campaignId: campaign.id, since });
        if (sent >= campaign.dailyLimit) {
          const until = nextWindowOpening(campaign.sendingWindow, startOfNextLocalDay(now, zone));
          throw new Deferred(until, `campaign daily limit of ${campaign.dailyLimit} new leads reached`);
        }
      }
      for (const mailbox of choice.mailboxes) {
        const cap = dailyAllowance(mailbox, now);
        if (await reserveMailboxSend(tx, { tenantId: e.tenantId, id: mailbox.id, today, cap })) {
          chosen = mailbox;
          break;
        }
      }
      if (!chosen) {
        throw new Deferred(
          startOfNextLocalDay(now, batch.timeZone),
          choice.mailboxes.length === 1
            ? `mailbox ${choice.mailboxes[0]?.email} reached its daily cap or warmup allowance`
            : "every mailbox reached its daily cap or warmup allowance",
        );
      }
      const month = usageMonth(now);
      const total =
        allowed >= 1 ? await addMonthlyEmails(tx, { tenantId: e.tenantId, month, count: 1, allowed }) : null;
      if (total === null) {
        throw new Deferred(
          new Date(now.getTime() + HOUR_MS),
          `Plan limit max_emails_per_month reached (${allowed} this month): upgrade the plan or buy an add-on`,
        );
      }
      composed = composeMessage({
        tenantId: e.tenantId,
        id,
        domain: chosen.domain,
        fromEmail: chosen.email,
        fromName: step.fromNameOverride,
        toEmail: e.lead.email,
        subject: rendered.subject,
        content: rendered.content,
        threadMessageId: e.threadMessageId,
        tokenKey,
        publicUrl,
        trackOpens: campaign.trackOpens,
        trackClicks: campaign.trackClicks,
      });
      const inserted = await insertQueuedMessage(tx, {
        id,
        tenantId: e.tenantId,
        campaignId: campaign.id,
        stepId: step.id,
        leadId: e.leadId,
        campaignLeadId: e.id,
        emailAccountId: chosen.id,
        messageId: composed.messageId,
        inReplyTo: composed.inReplyTo,
        fromEmail: chosen.email,
        toEmail: e.lead.email,
        subject: composed.subject,
        body: composed.body,
        textBody: composed.text,
        headers: composed.headers,
        now,
      });
      if (!inserted) throw new Deferred(now, "message already written");
      await incrementStepExecution(tx, { tenantId: e.tenantId, campaignId: campaign.id, id: step.id, now });
      await touchIpAssignment(tx, { tenantId: e.tenantId, domainId: chosen.domainId, now });
      await changeLeasedEnrollment(tx, {
        tenantId: e.tenantId,
        id: e.id,
        token: batch.token,
        now,
        keepLease: true,
        change: {
          emailAccountId: e.emailAccountId ?? chosen.id,
          threadMessageId: e.threadMessageId ?? composed.messageId,
        },
      });
    });
  } catch (error) {
    if (choice.provisional) countSend(choice.provisional, today, -1);
    if (!(error instanceof Deferred)) throw error;
    if (["lease lost", "message already written", "campaign not active"].includes(error.message)) {
      return { change: {}, continue: false };
    }
    return waitUntil(error.until, error.message);
  }
  if (!chosen || !composed) throw new Error("send transaction ended without a sender");
  if (choice.provisional && choice.provisional.id !== chosen.id) {
    countSend(choice.provisional, today, -1);
    const counted = batch.senders.find((s) => s.id === chosen?.id);
    if (counted) countSend(counted, today, 1);
  }
  const threadMessageId = e.threadMessageId ?? composed.messageId;
  return deliver(batch, { ...e, threadMessageId, emailAccountId: e.emailAccountId ?? chosen.id }, step, {
    id,
    mailbox: chosen,
    toEmail: e.lead.email,
    fromName: step.fromNameOverride,
    subject: composed.subject,
    html: composed.html,
    text: composed.text,
    headers: composed.headers,
    messageId: composed.messageId,
    attempts: 1,
    firstAttempt: now,
  });
}

/** The step already has its message: finish what a previous run (or a crash) left. */
async function resumeMessage(
  batch: Batch,
  e: Enrollment,
  step: EngineStep,
  message: StepMessage,
  now: Date,
): Promise<StepOutcome> {
  const { db } = batch.deps;
  if (message.status === "sent") return advance(e, now, now, { lastEmailAt: now });
  if (message.status === "bounced") return end("bounced", "hard bounce", now);
  if (message.status === "failed") return advance(e, now, now);
  if (message.sendingSince !== null) {
    // The worker that started this attempt stopped before recording its outcome: the server may
    // or may not have accepted it. Sending again could deliver it twice, so it is not retried.
    await markInterrupted(batch, message, now);
    return advance(e, now, now);
  }
  const window = batch.campaign.sendingWindow;
  if (!isWindowOpen(window, now)) return waitUntil(nextWindowOpening(window, now));
  const attempts = await startRetryAttempt(db, { tenantId: e.tenantId, id: message.id, now });
  if (attempts === null) return waitUntil(new Date(now.getTime() + 60_000));
  const mailbox = await mailboxForRetry(batch, message.emailAccountId);
  if (!mailbox) return end("failed", "the message's mailbox no longer exists", now);
  if (mailbox.status !== "active") {
    await finishAttempt(db, {
      tenantId: e.tenantId,
      id: message.id,
      status: "queued",
      smtpResponse: "not attempted: mailbox not active",
      now,
    });
    return waitUntil(new Date(now.getTime() + HOUR_MS), `mailbox ${mailbox.email} is ${mailbox.status}`);
  }
  return deliver(batch, e, step, {
    id: message.id,
    mailbox,
    toEmail: message.toEmail,
    fromName: step.fromNameOverride,
    subject: message.subject,
    html: message.body === message.textBody ? null : message.body,
    text: message.textBody,
    headers: message.headers,
    messageId: message.messageId,
    attempts,
    firstAttempt: message.created,
  });
}
