import type { Database } from "@outbound/db";
import {
  ensureTenantConfig,
  getTenantConfig,
  type TenantConfigPatch,
  updateTenantConfig as updateTenantConfigRow,
} from "@outbound/db/queries/settings";
import { updatedOrExplain } from "../platform/updates.js";

/** Created with the defaults for a tenant that predates it, so every tenant reads a config. */
export function getConfig(db: Database, tenantId: string) {
  return ensureTenantConfig(db, { tenantId });
}

export async function updateConfig(
  db: Database,
  args: { tenantId: string; patch: TenantConfigPatch; expectedUpdated?: Date | undefined },
) {
  await ensureTenantConfig(db, { tenantId: args.tenantId });
  return updatedOrExplain(await updateTenantConfigRow(db, args), {
    what: "Tenant config",
    exists: async () => (await getTenantConfig(db, { tenantId: args.tenantId })) !== null,
  });
}
