import type { Database } from "@outbound/db";
import { findOtherLeadWithEmail, getLead, type LeadPatch, updateLead } from "@outbound/db/queries/leads";
import { conflict, notFound } from "../../errors.js";
import { updatedOrExplain } from "../platform/updates.js";

export interface UpdateLeadArgs {
  tenantId: string;
  id: string;
  patch: LeadPatch;
  expectedUpdated?: Date | undefined;
}

/**
 * A missing lead is NOT_FOUND before anything else is judged. A new email must be free in the
 * tenant in any case; the unique index still turns a racing duplicate into CONFLICT.
 */
export async function updateLeadById(db: Database, args: UpdateLeadArgs) {
  const { tenantId, id, patch } = args;
  return db.transaction(async (tx) => {
    const exists = async () => (await getLead(tx, { tenantId, id })) !== null;
    if (!(await exists())) throw notFound("Lead");
    if (patch.email && (await findOtherLeadWithEmail(tx, { tenantId, email: patch.email, exceptId: id }))) {
      throw conflict(`Another lead already has the email ${patch.email}`);
    }
    return updatedOrExplain(await updateLead(tx, args), { what: "Lead", exists });
  });
}
