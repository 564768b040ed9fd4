import type { TRPCRouterRecord } from "@trpc/server";
import { listMessagesInput, messageIdInput } from "../schemas/messages.js";
import { getMessageWithEvents, listMessagesFiltered } from "../services/messages.js";
import { tenantProcedure } from "../trpc.js";

/** Every email the engine tried to send, as it was sent. */
export const messagesRouter = {
  /** Newest first; without the rendered bodies and headers (`get` has them). */
  list: tenantProcedure("read")
    .input(listMessagesInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listMessagesFiltered(ctx.db, { tenantId: ctx.tenant.id, ...input })),

  /** Headers, rendered subject and bodies, SMTP response, and its `events` oldest first. */
  get: tenantProcedure("read")
    .input(messageIdInput)
    .query(({ ctx, input }) => getMessageWithEvents(ctx.db, { tenantId: ctx.tenant.id, id: input.id })),
} satisfies TRPCRouterRecord;
