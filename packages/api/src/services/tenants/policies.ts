import type { Database } from "@outbound/db";
import {
  ensureTenantPolicies,
  getTenantPolicySettings,
  type TenantPoliciesPatch,
  updateTenantPolicies as updateTenantPoliciesRow,
} from "@outbound/db/queries/settings";
import { updatedOrExplain } from "../platform/updates.js";

/**
 * Created with the defaults for a tenant that predates it. Sign-in, sessions and password
 * changes read this row (services/auth/sign-in.ts), so an update applies from the next such call;
 * sessions already issued keep their expiry.
 */
export function getPolicies(db: Database, tenantId: string) {
  return ensureTenantPolicies(db, { tenantId });
}

export async function updatePolicies(
  db: Database,
  args: { tenantId: string; patch: TenantPoliciesPatch; expectedUpdated?: Date | undefined },
) {
  await ensureTenantPolicies(db, { tenantId: args.tenantId });
  return updatedOrExplain(await updateTenantPoliciesRow(db, args), {
    what: "Tenant policies",
    exists: async () => (await getTenantPolicySettings(db, { tenantId: args.tenantId })) !== null,
  });
}
