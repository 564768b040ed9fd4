import { newId, schema } from "@outbound/db";
import { createLead } from "@outbound/db/queries/leads";
import type { CaseContext, ProcedureCase } from "./cases.js";

/** A campaign of `tenantId` in `status` on a fresh company, inserted directly. */
async function campaignOf(c: CaseContext, tenantId: string, status = "draft") {
  const [company] = await c.db
    .insert(schema.companies)
    .values({ tenantId, name: "Campaign case", workspaceName: `campaign-case-${newId()}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  const [campaign] = await c.db
    .insert(schema.campaigns)
    .values({ tenantId, companyId: company.id, name: "Case campaign", status })
    .returning({ id: schema.campaigns.id, companyId: schema.campaigns.companyId });
  if (!campaign) throw new Error("campaign insert returned nothing");
  return campaign;
}

/** A draft campaign of `tenantId` with one wait step. */
async function stepOf(c: CaseContext, tenantId: string) {
  const campaign = await campaignOf(c, tenantId);
  const [step] = await c.db
    .insert(schema.campaignSequenceSteps)
    .values({ tenantId, campaignId: campaign.id, stepOrder: 1, stepType: "wait", waitDurationHours: 24 })
    .returning({ id: schema.campaignSequenceSteps.id });
  if (!step) throw new Error("step insert returned nothing");
  return { campaignId: campaign.id, id: step.id };
}

const idOf = async (c: CaseContext, tenantId: string, status?: string) => ({
  id: (await campaignOf(c, tenantId, status)).id,
});
const a = (c: CaseContext) => c.fixture.a.tenantId;
const b = (c: CaseContext) => c.fixture.b.tenantId;
const lead = async (c: CaseContext, tenantId: string) =>
  (await createLead(c.db, { tenantId, email: `campaign-case-${newId()}@example.test` })).id;
const soon = () => new Date(Date.now() + 3600_000);

/** Campaigns and their steps: tenant b's campaigns, steps, companies and leads must look missing to tenant a. */
export const campaignCases: Record<string, ProcedureCase> = {
  "campaigns.list": {
    input: () => ({ status: "draft" }),
    foreign: async (c) => ({ companyId: (await campaignOf(c, b(c))).companyId }),
  },
  "campaigns.get": { input: (c) => idOf(c, a(c)), foreign: (c) => idOf(c, b(c)) },
  "campaigns.create": {
    input: async (c) => ({ companyId: (await campaignOf(c, a(c))).companyId, name: "Case" }),
    foreign: async (c) => ({ companyId: (await campaignOf(c, b(c))).companyId, name: "Case" }),
  },
  "campaigns.update": {
    input: async (c) => ({ ...(await idOf(c, a(c))), name: "Renamed" }),
    foreign: async (c) => ({ ...(await idOf(c, b(c))), name: "Renamed" }),
  },
  "campaigns.delete": { input: (c) => idOf(c, a(c)), foreign: (c) => idOf(c, b(c)) },
  "campaigns.schedule": {
    input: async (c) => ({ ...(await idOf(c, a(c))), at: soon() }),
    foreign: async (c) => ({ ...(await idOf(c, b(c))), at: soon() }),
  },
  "campaigns.launch": { input: (c) => idOf(c, a(c)), foreign: (c) => idOf(c, b(c)) },
  "campaigns.pause": { input: (c) => idOf(c, a(c), "active"), foreign: (c) => idOf(c, b(c), "active") },
  "campaigns.resume": { input: (c) => idOf(c, a(c), "paused"), foreign: (c) => idOf(c, b(c), "paused") },
  "campaigns.complete": { input: (c) => idOf(c, a(c), "active"), foreign: (c) => idOf(c, b(c), "active") },
  "campaigns.cancel": { input: (c) => idOf(c, a(c)), foreign: (c) => idOf(c, b(c)) },
  "campaigns.preview": {
    input: async (c) => ({ ...(await idOf(c, a(c))), leadId: await lead(c, a(c)) }),
    foreign: async (c) => ({ ...(await idOf(c, b(c))), leadId: await lead(c, b(c)) }),
  },
  "campaigns.recordStepExecution": {
    input: async (c) => {
      const step = await stepOf(c, a(c));
      return { campaignId: step.campaignId, stepId: step.id };
    },
    foreign: async (c) => {
      const step = await stepOf(c, b(c));
      return { campaignId: step.campaignId, stepId: step.id };
    },
  },
  "campaigns.steps.list": {
    input: async (c) => ({ campaignId: (await campaignOf(c, a(c))).id }),
    foreign: async (c) => ({ campaignId: (await campaignOf(c, b(c))).id }),
  },
  "campaigns.steps.add": {
    input: async (c) => ({ campaignId: (await campaignOf(c, a(c))).id, stepType: "wait", waitDurationHours: 2 }),
    foreign: async (c) => ({ campaignId: (await campaignOf(c, b(c))).id, stepType: "wait", waitDurationHours: 2 }),
  },
  "campaigns.steps.update": {
    input: async (c) => ({ ...(await stepOf(c, a(c))), waitDurationHours: 48 }),
    foreign: async (c) => ({ ...(await stepOf(c, b(c))), waitDurationHours: 48 }),
  },
  "campaigns.steps.remove": { input: (c) => stepOf(c, a(c)), foreign: (c) => stepOf(c, b(c)) },
  "campaigns.steps.reorder": {
    input: async (c) => {
      const step = await stepOf(c, a(c));
      return { campaignId: step.campaignId, stepIds: [step.id] };
    },
    foreign: async (c) => {
      const step = await stepOf(c, b(c));
      return { campaignId: step.campaignId, stepIds: [step.id] };
    },
  },
};
