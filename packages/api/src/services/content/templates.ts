import type { Database } from "@outbound/db";
import { getFolder } from "@outbound/db/queries/folders";
import { getLead } from "@outbound/db/queries/leads";
import { getTag } from "@outbound/db/queries/tags";
import {
  campaignsUsingTemplate,
  copyTemplateLinks,
  deleteTemplate,
  getTemplate,
  getTemplateLinks,
  insertTemplate,
  type ListTemplatesArgs,
  listTemplates,
  type TemplateFields,
  updateTemplate,
} from "@outbound/db/queries/templates";
import { conflict, notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { updatedOrExplain } from "../platform/updates.js";
import { assertTemplateSyntax, leadVariables, renderSeed, renderTemplate, type Variables } from "./template-render.js";

/** A folder or tag to filter by must be the tenant's: another tenant's id is NOT_FOUND, never an empty page. */
export async function listTemplatesFiltered(db: Database, args: ListTemplatesArgs) {
  const { tenantId, folderId, tagId } = args;
  if (folderId !== undefined && !(await getFolder(db, { tenantId, id: folderId }))) throw notFound("Folder");
  if (tagId !== undefined && !(await getTag(db, { tenantId, id: tagId }))) throw notFound("Tag");
  return listTemplates(db, args);
}

/** The template with the ids of its folders and its tags. */
export async function getTemplateWithLinks(db: Database, args: { tenantId: string; id: string }) {
  const template = await getTemplate(db, args);
  if (!template) throw notFound("Template");
  return { ...template, ...(await getTemplateLinks(db, args)) };
}

/** Subject and content must parse (balanced braces, well-formed variables); variables are only known at render. */
export async function createTemplate(once: Once, args: TemplateFields & { tenantId: string }) {
  const { tenantId, ...fields } = args;
  assertTemplateSyntax({ subject: fields.subject, content: fields.content });
  return once((tx) => insertTemplate(tx, { tenantId, ...fields }));
}

export async function updateTemplateById(
  db: Database,
  args: { tenantId: string; id: string; patch: Partial<TemplateFields>; expectedUpdated?: Date | undefined },
) {
  const { tenantId, id, patch } = args;
  assertTemplateSyntax({ subject: patch.subject ?? "", content: patch.content ?? "" });
  return updatedOrExplain(await updateTemplate(db, args), {
    what: "Template",
    exists: async () => (await getTemplate(db, { tenantId, id })) !== null,
  });
}

/** Refused with CONFLICT, naming the campaigns in `details.blockers`, while a campaign step uses the template. */
export async function deleteTemplateById(db: Database, args: { tenantId: string; id: string }) {
  return db.transaction(async (tx) => {
    if (!(await getTemplate(tx, args))) throw notFound("Template");
    const blockers = await campaignsUsingTemplate(tx, { tenantId: args.tenantId, templateId: args.id });
    if (blockers.length > 0) {
      throw conflict(
        `This template is used by the steps of ${blockers.length === 1 ? "campaign" : "campaigns"} ${blockers.join(", ")}: change those steps first`,
        { blockers },
      );
    }
    const deleted = await deleteTemplate(tx, args);
    if (!deleted) throw notFound("Template");
    return deleted;
  });
}

const COPY_SUFFIX = " (copy)";
const MAX_TEMPLATE_NAME = 100;

/** A new template with the same subject, content and flag, in the same folders and with the same tags. */
export async function duplicateTemplate(once: Once, args: { tenantId: string; id: string; name?: string | undefined }) {
  const { tenantId, id, name } = args;
  return once(async (tx) => {
    const source = await getTemplate(tx, { tenantId, id });
    if (!source) throw notFound("Template");
    const copyName = name ?? `${source.name.slice(0, MAX_TEMPLATE_NAME - COPY_SUFFIX.length)}${COPY_SUFFIX}`;
    const copy = await insertTemplate(tx, {
      tenantId,
      name: copyName,
      subject: source.subject,
      content: source.content,
      isStarted: source.isStarted,
    });
    await copyTemplateLinks(tx, { tenantId, fromId: id, toId: copy.id });
    return { ...copy, ...(await getTemplateLinks(tx, { tenantId, id: copy.id })) };
  });
}

export interface RenderArgs {
  tenantId: string;
  id: string;
  leadId?: string | undefined;
  values?: Record<string, string> | undefined;
}

/**
 * Fills the template for a lead (its email, name, first/last name, company) and/or given
 * values, which win over the lead's. Spintax choices depend on the template and the lead (or,
 * without a lead, the values), so one lead always gets the same text.
 */
export async function renderTemplateFor(db: Database, args: RenderArgs) {
  const { tenantId, id, leadId, values } = args;
  const template = await getTemplate(db, { tenantId, id });
  if (!template) throw notFound("Template");
  let variables: Variables = {};
  if (leadId) {
    const lead = await getLead(db, { tenantId, id: leadId });
    if (!lead) throw notFound("Lead");
    variables = leadVariables(lead);
  }
  variables = { ...variables, ...values };
  return renderTemplate(template, { variables, seed: renderSeed(template.id, { leadId, values }) });
}
