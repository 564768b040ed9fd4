import { z } from "zod";
import { id, listInput } from "./common.js";

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
