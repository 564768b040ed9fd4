import { type Database, schema } from "@outbound/db";
import { sendingSetup } from "./campaign-helpers.js";

type MessageRow = typeof schema.messages.$inferInsert;
type EventRow = typeof schema.emailEvents.$inferInsert;

/**
 * What the engine will produce, inserted directly: an active campaign with `steps` steps (email,
 * wait, email, …), a mailbox, and helpers to enroll leads, record messages and events.
 */
export async function outreachSetup(db: Database, tenantId: string, options: { steps?: number; status?: string } = {}) {
  const sending = await sendingSetup(db, tenantId);
  const [campaign] = await db
    .insert(schema.campaigns)
    .values({ tenantId, companyId: sending.companyId, name: "Outreach", status: options.status ?? "active" })
    .returning({ id: schema.campaigns.id });
  if (!campaign) throw new Error("campaign insert returned nothing");
  const count = options.steps ?? 3;
  const steps = await db
    .insert(schema.campaignSequenceSteps)
    .values(
      Array.from({ length: count }, (_, i) => ({
        tenantId,
        campaignId: campaign.id,
        stepOrder: i + 1,
        stepType: i % 2 === 1 ? "wait" : "email",
        waitDurationHours: i % 2 === 1 ? 24 : null,
      })),
    )
    .returning({ id: schema.campaignSequenceSteps.id, stepOrder: schema.campaignSequenceSteps.stepOrder });
  steps.sort((x, y) => x.stepOrder - y.stepOrder);
  const campaignId = campaign.id;

  const enroll = async (email: string, status = "active") => {
    const [lead] = await db.insert(schema.leads).values({ tenantId, email }).returning({ id: schema.leads.id });
    if (!lead) throw new Error("lead insert returned nothing");
    const [e] = await db
      .insert(schema.campaignLeads)
      .values({ tenantId, campaignId, leadId: lead.id, status, nextActionAt: status === "active" ? new Date() : null })
      .returning({ id: schema.campaignLeads.id });
    if (!e) throw new Error("enrollment insert returned nothing");
    return { leadId: lead.id, campaignLeadId: e.id, email };
  };

  const message = async (
    e: { leadId: string; campaignLeadId: string; email: string },
    stepId: string,
    values: Partial<MessageRow> = {},
  ) => {
    const [row] = await db
      .insert(schema.messages)
      .values({
        tenantId,
        campaignId,
        stepId,
        leadId: e.leadId,
        campaignLeadId: e.campaignLeadId,
        emailAccountId: sending.mailboxId,
        messageId: `<${Math.random().toString(36).slice(2)}@${sending.domain}>`,
        fromEmail: sending.email,
        toEmail: e.email,
        subject: "Hello",
        body: "<p>Hello</p>",
        textBody: "Hello",
        headers: { "X-Case": "1" },
        status: "sent",
        attempts: 1,
        sentAt: new Date(),
        ...values,
      })
      .returning({ id: schema.messages.id });
    if (!row) throw new Error("message insert returned nothing");
    return row.id;
  };

  /** An event of a message (or of the enrollment alone when `messageId` is null), stamped `occurred`. */
  const event = (
    e: { leadId: string; campaignLeadId: string },
    type: EventRow["type"],
    at: { messageId: string | null; stepId: string | null; occurred?: Date },
  ) =>
    db.insert(schema.emailEvents).values({
      tenantId,
      type,
      campaignId,
      leadId: e.leadId,
      campaignLeadId: e.campaignLeadId,
      messageId: at.messageId,
      stepId: at.stepId,
      occurred: at.occurred ?? new Date(),
    });

  return { ...sending, campaignId, steps, enroll, message, event };
}
