import { newId, schema } from "@outbound/db";
import type { CaseContext, ProcedureCase } from "./cases.js";

const a = (c: CaseContext) => c.fixture.a.tenantId;
const b = (c: CaseContext) => c.fixture.b.tenantId;

/** A campaign of `tenantId` in `status` on a fresh company, and a lead enrolled in it, inserted directly. */
async function enrollmentOf(c: CaseContext, tenantId: string, status = "active") {
  const [company] = await c.db
    .insert(schema.companies)
    .values({ tenantId, name: "Outreach case", workspaceName: `outreach-case-${newId()}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  const [campaign] = await c.db
    .insert(schema.campaigns)
    .values({ tenantId, companyId: company.id, name: "Outreach case", status })
    .returning({ id: schema.campaigns.id });
  const [lead] = await c.db
    .insert(schema.leads)
    .values({ tenantId, email: `outreach-case-${newId()}@example.test` })
    .returning({ id: schema.leads.id });
  if (!campaign || !lead) throw new Error("insert returned nothing");
  const [enrollment] = await c.db
    .insert(schema.campaignLeads)
    .values({ tenantId, campaignId: campaign.id, leadId: lead.id })
    .returning({ id: schema.campaignLeads.id });
  if (!enrollment) throw new Error("enrollment insert returned nothing");
  return { campaignId: campaign.id, leadId: lead.id, enrollmentId: enrollment.id };
}

const leadsInput = async (c: CaseContext, tenantId: string) => {
  const e = await enrollmentOf(c, tenantId);
  return { campaignId: e.campaignId, leadIds: [e.leadId] };
};

/** The engine's read side: tenant b's campaigns, enrollments, messages and suppressions must look missing to tenant a. */
export const outreachCases: Record<string, ProcedureCase> = {
  "campaigns.leads.add": { input: (c) => leadsInput(c, a(c)), foreign: (c) => leadsInput(c, b(c)) },
  "campaigns.leads.remove": { input: (c) => leadsInput(c, a(c)), foreign: (c) => leadsInput(c, b(c)) },
  "campaigns.leads.list": {
    input: async (c) => ({ campaignId: (await enrollmentOf(c, a(c))).campaignId }),
    foreign: async (c) => ({ campaignId: (await enrollmentOf(c, b(c))).campaignId }),
  },
};

const suppressionOf = async (c: CaseContext, tenantId: string) => {
  const [row] = await c.db
    .insert(schema.suppressions)
    .values({ tenantId, value: `case-${newId()}@example.test` })
    .returning({ id: schema.suppressions.id });
  if (!row) throw new Error("suppression insert returned nothing");
  return { id: row.id };
};

export const suppressionCases: Record<string, ProcedureCase> = {
  "suppressions.list": { input: () => ({ search: "example" }) },
  "suppressions.add": { input: () => ({ value: `case-${newId()}@example.test` }) },
  "suppressions.remove": { input: (c) => suppressionOf(c, a(c)), foreign: (c) => suppressionOf(c, b(c)) },
};

/** A message of `tenantId`: its campaign, a step, an enrollment and a mailbox, inserted directly. */
async function messageOf(c: CaseContext, tenantId: string) {
  const e = await enrollmentOf(c, tenantId);
  const [company] = await c.db
    .insert(schema.companies)
    .values({ tenantId, name: "Message case", workspaceName: `message-case-${newId()}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  const [domain] = await c.db
    .insert(schema.domains)
    .values({ tenantId, companyId: company.id, domain: `message-${newId()}.example.test` })
    .returning({ id: schema.domains.id, domain: schema.domains.domain });
  if (!domain) throw new Error("domain insert returned nothing");
  const settings = { host: "127.0.0.1", port: 9, security: "none" as const, username: "case" };
  const [mailbox] = await c.db
    .insert(schema.emailAccounts)
    .values({
      tenantId,
      domainId: domain.id,
      email: `box@${domain.domain}`,
      smtpSettings: settings,
      imapSettings: settings,
    })
    .returning({ id: schema.emailAccounts.id, email: schema.emailAccounts.email });
  const [step] = await c.db
    .insert(schema.campaignSequenceSteps)
    .values({ tenantId, campaignId: e.campaignId, stepOrder: 1, stepType: "email" })
    .returning({ id: schema.campaignSequenceSteps.id });
  if (!mailbox || !step) throw new Error("insert returned nothing");
  const [message] = await c.db
    .insert(schema.messages)
    .values({
      tenantId,
      campaignId: e.campaignId,
      stepId: step.id,
      leadId: e.leadId,
      campaignLeadId: e.enrollmentId,
      emailAccountId: mailbox.id,
      messageId: `<${newId()}@${domain.domain}>`,
      fromEmail: mailbox.email,
      toEmail: "lead@example.test",
      subject: "Case",
      body: "Case",
      textBody: "Case",
      headers: {},
    })
    .returning({ id: schema.messages.id });
  if (!message) throw new Error("message insert returned nothing");
  return { ...e, messageId: message.id, emailAccountId: mailbox.id };
}

export const messageCases: Record<string, ProcedureCase> = {
  "messages.list": {
    input: async (c) => ({ campaignId: (await messageOf(c, a(c))).campaignId }),
    foreign: async (c) => ({ campaignId: (await messageOf(c, b(c))).campaignId }),
  },
  "messages.get": {
    input: async (c) => ({ id: (await messageOf(c, a(c))).messageId }),
    foreign: async (c) => ({ id: (await messageOf(c, b(c))).messageId }),
  },
};

export const statsCases: Record<string, ProcedureCase> = {
  "campaigns.stats": {
    input: async (c) => ({ id: (await messageOf(c, a(c))).campaignId }),
    foreign: async (c) => ({ id: (await messageOf(c, b(c))).campaignId }),
  },
};
