import type { Database } from "@outbound/db";
import {
  countSteps,
  deleteStep,
  incrementStepExecution,
  insertStep,
  listEmailStepsWithTemplates,
  listStepIds,
  listSteps,
  reorderSteps,
  type StepFields,
  shiftSteps,
  updateStep,
} from "@outbound/db/queries/campaign-steps";
import { getCampaign, lockCampaign } from "@outbound/db/queries/campaigns";
import { getEmailAccount } from "@outbound/db/queries/email-accounts";
import { getLead } from "@outbound/db/queries/leads";
import { getTemplate } from "@outbound/db/queries/templates";
import { STEP_EDITABLE_STATUSES } from "../../domain/campaign-status.js";
import { badRequest, conflict, DomainError, notFound } from "../../errors.js";
import { leadVariables, renderSeed, renderTemplate } from "../content/template-render.js";

interface CampaignRef {
  tenantId: string;
  campaignId: string;
}

/**
 * Runs `edit` holding the campaign's row lock, so step edits of one campaign take turns and
 * step_order stays 1..n; refused (CONFLICT, `details.status`) unless the campaign is draft or paused.
 */
async function editSteps<T>(db: Database, ref: CampaignRef, edit: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const campaign = await lockCampaign(tx, { tenantId: ref.tenantId, id: ref.campaignId });
    if (!campaign) throw notFound("Campaign");
    if (!(STEP_EDITABLE_STATUSES as readonly string[]).includes(campaign.status)) {
      throw conflict(
        `Steps can only change while the campaign is ${STEP_EDITABLE_STATUSES.join(" or ")}; it is ${campaign.status}`,
        { status: campaign.status },
      );
    }
    return edit(tx);
  });
}

/** Another tenant's template or mailbox is NOT_FOUND here, before the composite foreign key would refuse it. */
async function assertReferences(db: Database, tenantId: string, fields: StepFields): Promise<void> {
  if (fields.templateId && !(await getTemplate(db, { tenantId, id: fields.templateId }))) throw notFound("Template");
  if (fields.emailAccountId && !(await getEmailAccount(db, { tenantId, id: fields.emailAccountId }))) {
    throw notFound("Email account");
  }
}

export async function listCampaignSteps(db: Database, ref: CampaignRef) {
  if (!(await getCampaign(db, { tenantId: ref.tenantId, id: ref.campaignId }))) throw notFound("Campaign");
  return listSteps(db, ref);
}

/** Appends, or inserts at `position` (1..n+1) moving that step and the later ones down by one. */
export async function addCampaignStep(
  db: Database,
  args: CampaignRef & StepFields & { stepType: string; position?: number | undefined },
) {
  const { tenantId, campaignId, stepType, position, ...fields } = args;
  return editSteps(db, args, async (tx) => {
    await assertReferences(tx, tenantId, fields);
    const count = await countSteps(tx, { tenantId, campaignId });
    const stepOrder = position ?? count + 1;
    if (stepOrder > count + 1) {
      throw badRequest(`position must be from 1 to ${count + 1}`, {
        position: [`must be from 1 to ${count + 1} (the campaign has ${count} steps)`],
      });
    }
    if (stepOrder <= count) await shiftSteps(tx, { tenantId, campaignId, from: stepOrder, by: 1 });
    return insertStep(tx, { tenantId, campaignId, stepType, stepOrder, ...fields });
  });
}

/** Absent fields stay, null clears. */
export async function updateCampaignStep(db: Database, args: CampaignRef & { id: string; patch: StepFields }) {
  const { tenantId, campaignId, id, patch } = args;
  return editSteps(db, args, async (tx) => {
    await assertReferences(tx, tenantId, patch);
    const step = await updateStep(tx, { tenantId, campaignId, id, patch });
    if (!step) throw notFound("Step");
    return step;
  });
}

/** The later steps move up, so the orders stay 1..n. */
export async function removeCampaignStep(db: Database, args: CampaignRef & { id: string }) {
  const { tenantId, campaignId, id } = args;
  return editSteps(db, args, async (tx) => {
    const deleted = await deleteStep(tx, { tenantId, campaignId, id });
    if (!deleted) throw notFound("Step");
    await shiftSteps(tx, { tenantId, campaignId, from: deleted.stepOrder + 1, by: -1 });
    return { id: deleted.id };
  });
}

/** `stepIds` must list every step of the campaign exactly once (BAD_REQUEST otherwise); returns the new order. */
export async function reorderCampaignSteps(db: Database, args: CampaignRef & { stepIds: string[] }) {
  const { tenantId, campaignId, stepIds } = args;
  return editSteps(db, args, async (tx) => {
    const current = await listStepIds(tx, { tenantId, campaignId });
    const given = new Set(stepIds);
    const permutation =
      given.size === stepIds.length && stepIds.length === current.length && current.every((id) => given.has(id));
    if (!permutation) {
      throw badRequest("stepIds must list every step of the campaign exactly once", {
        stepIds: [`must be a permutation of the campaign's ${current.length} step ids`],
      });
    }
    await reorderSteps(tx, { tenantId, campaignId, ids: stepIds });
    return listSteps(tx, { tenantId, campaignId });
  });
}

/**
 * For the sending engine: one more execution of the step. Counted whatever the campaign's
 * status is now, since a send may finish just after a pause.
 */
export async function recordStepExecution(db: Database, args: CampaignRef & { stepId: string; now?: Date }) {
  const { tenantId, campaignId, stepId } = args;
  const row = await incrementStepExecution(db, { tenantId, campaignId, id: stepId, now: args.now ?? new Date() });
  if (!row) {
    throw (await getCampaign(db, { tenantId, id: campaignId })) ? notFound("Step") : notFound("Campaign");
  }
  return row;
}

/**
 * Every email step rendered for one lead, in order, exactly as the sender would: the step's
 * subject override (same template language) replaces the template's subject. A step without
 * a template comes back with null subject and content; a render error names the step.
 */
export async function previewCampaign(db: Database, args: { tenantId: string; id: string; leadId: string }) {
  const { tenantId, id, leadId } = args;
  if (!(await getCampaign(db, { tenantId, id }))) throw notFound("Campaign");
  const lead = await getLead(db, { tenantId, id: leadId });
  if (!lead) throw notFound("Lead");
  const variables = leadVariables(lead);
  const steps = await listEmailStepsWithTemplates(db, { tenantId, campaignId: id });
  return steps.map((step) => {
    const base = {
      stepId: step.id,
      stepOrder: step.stepOrder,
      isActive: step.isActive,
      fromName: step.fromNameOverride,
      emailAccountEmail: step.emailAccountEmail,
    };
    if (step.templateId === null || step.subject === null || step.content === null) {
      return { ...base, subject: null, content: null };
    }
    try {
      const rendered = renderTemplate(
        { subject: step.subjectOverride ?? step.subject, content: step.content },
        { variables, seed: renderSeed(step.templateId, { leadId }) },
      );
      return { ...base, ...rendered };
    } catch (error) {
      if (error instanceof DomainError) {
        throw new DomainError(error.code, `Step ${step.stepOrder}: ${error.message}`, error.details, { cause: error });
      }
      throw error;
    }
  });
}
