import type { Database } from "@outbound/db";
import { toPage } from "@outbound/db/queries/pagination";
import {
  getLiveTenant,
  getLiveTenantSummary,
  listTenantsOfUser,
  renameTenant,
  softDeleteTenant,
} from "@outbound/db/queries/tenants";
import { badRequest, notFound } from "../../errors.js";
import type { Principal } from "../auth/principal.js";
import { updatedOrExplain } from "../platform/updates.js";

/**
 * The caller's tenants: every live membership for a signed-in user; an API key belongs to one
 * tenant and sees only that one, with the roles the key acts with.
 */
export async function listMyTenants(
  db: Database,
  principal: Principal,
  page: { limit: number; cursor?: string | undefined },
) {
  if (principal.userId) return toPage(await listTenantsOfUser(db, { userId: principal.userId, ...page }), page.limit);
  const tenant = await getLiveTenantSummary(db, principal.tenantId);
  const visible = tenant && (!page.cursor || tenant.id < page.cursor);
  return { items: visible ? [{ ...tenant, roles: [...principal.roles] }] : [], nextCursor: null };
}

export async function updateTenant(
  db: Database,
  args: { tenantId: string; name: string; expectedUpdated?: Date | undefined },
) {
  const row = await renameTenant(db, args);
  return updatedOrExplain(row, {
    what: "Tenant",
    exists: async () => (await getLiveTenant(db, args.tenantId)) !== null,
  });
}

/**
 * Soft delete: the row stays (so staff can audit it) but every session and API key of the tenant
 * stops working at once, because principal resolution refuses credentials of a deleted tenant.
 */
export async function deleteTenant(db: Database, args: { tenantId: string; confirmName: string }, now = new Date()) {
  const deleted = await softDeleteTenant(db, { tenantId: args.tenantId, name: args.confirmName, now });
  if (deleted) return deleted;
  if (!(await getLiveTenant(db, args.tenantId))) throw notFound("Tenant");
  throw badRequest("confirmName must be the tenant's current name, exactly", {
    confirmName: ["must equal the tenant's current name"],
  });
}
