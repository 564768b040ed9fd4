import { schema } from "@outbound/db";
import { z } from "zod";
import { id, listInput, pageOf, timestamp } from "./common.js";

export const MESSAGE_STATUSES = ["queued", "sent", "failed", "bounced"] as const;

export const listMessagesInput = listInput
  .extend({
    campaignId: id.optional(),
    leadId: id.optional(),
    emailAccountId: id.optional(),
    status: z.enum(MESSAGE_STATUSES).optional(),
  })
  .strict();

export const messageIdInput = z.object({ id }).strict();

/** A message as lists answer it: `messageColumns`, without rendered bodies and headers. */
export const messageOutput = z.object({
  id: z.string(),
  campaignId: z.string(),
  stepId: z.string(),
  leadId: z.string(),
  campaignLeadId: z.string(),
  emailAccountId: z.string(),
  messageId: z.string(),
  inReplyTo: z.string().nullable(),
  fromEmail: z.string(),
  toEmail: z.string(),
  subject: z.string(),
  status: z.string(),
  smtpResponse: z.string().nullable(),
  attempts: z.number().int(),
  sentAt: timestamp.nullable(),
  created: timestamp,
  updated: timestamp,
});

export const messagePageOutput = pageOf(messageOutput);

/** `messages.get`: also headers, rendered bodies and its events, oldest first. */
export const messageWithEventsOutput = messageOutput.extend({
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  textBody: z.string(),
  events: z.array(
    z.object({
      id: z.string(),
      type: z.enum(schema.EMAIL_EVENT_TYPES),
      occurred: timestamp,
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});
