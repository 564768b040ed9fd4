import type { Database } from "@outbound/db";
import { getCampaign } from "@outbound/db/queries/campaigns";
import { getEmailAccount } from "@outbound/db/queries/email-accounts";
import { listMessageEvents } from "@outbound/db/queries/email-events";
import { getLead } from "@outbound/db/queries/leads";
import { getMessage, type ListMessagesArgs, listMessages } from "@outbound/db/queries/messages";
import { notFound } from "../../errors.js";

/** A campaign, lead or mailbox to filter by must be the tenant's: another tenant's id is NOT_FOUND, never an empty page. */
export async function listMessagesFiltered(db: Database, args: ListMessagesArgs) {
  const { tenantId } = args;
  if (args.campaignId && !(await getCampaign(db, { tenantId, id: args.campaignId }))) throw notFound("Campaign");
  if (args.leadId && !(await getLead(db, { tenantId, id: args.leadId }))) throw notFound("Lead");
  if (args.emailAccountId && !(await getEmailAccount(db, { tenantId, id: args.emailAccountId }))) {
    throw notFound("Email account");
  }
  return listMessages(db, args);
}

/** The message with its events, oldest first. */
export async function getMessageWithEvents(db: Database, args: { tenantId: string; id: string }) {
  const message = await getMessage(db, args);
  if (!message) throw notFound("Message");
  return { ...message, events: await listMessageEvents(db, { tenantId: args.tenantId, messageId: args.id }) };
}
