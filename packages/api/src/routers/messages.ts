import type { TRPCRouterRecord } from "@trpc/server";
import { rest } from "../rest.js";
import { listMessagesInput, messageIdInput, messagePageOutput, messageWithEventsOutput } from "../schemas/messages.js";
import { getMessageWithEvents, listMessagesFiltered } from "../services/outreach/messages.js";
import { tenantProcedure } from "../trpc.js";

/** Every email the engine tried to send, as it was sent. */
export const messagesRouter = {
  /** Newest first; without the rendered bodies and headers (`get` has them). */
  list: tenantProcedure("read")
    .meta(rest("GET", "/messages", "messages", "List sent and queued messages"))
    .input(listMessagesInput.default({ limit: 50 }))
    .output(messagePageOutput)
    .query(({ ctx, input }) => listMessagesFiltered(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Headers, rendered subject and bodies, SMTP response, and its `events` oldest first. */
  get: tenantProcedure("read")
    .meta(rest("GET", "/messages/{id}", "messages", "Get a message with its headers, bodies and events"))
    .input(messageIdInput)
    .output(messageWithEventsOutput)
    .query(({ ctx, input }) => getMessageWithEvents(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),
} satisfies TRPCRouterRecord;
