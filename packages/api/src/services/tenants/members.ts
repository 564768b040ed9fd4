import type { Database } from "@outbound/db";
import { withTenantLock } from "@outbound/db/queries/limits";
import {
  countLiveOwners,
  findLiveUserIdByEmail,
  getLiveMember,
  insertInvitedUser,
  joinTenant,
  removeMembership,
  revokeMemberSessions,
  setMemberRoles,
} from "@outbound/db/queries/members";
import type { TenantRole } from "../../access.js";
import { conflict, forbidden, notFound } from "../../errors.js";
import type { Once } from "../platform/idempotency.js";
import { updatedOrExplain } from "../platform/updates.js";
import { withinLimit } from "../quotas/limits.js";

/** Granting or taking away `owner` is an owner's decision; admins (and API keys, which act as admins) can't. */
function assertMayChangeOwnership(callerRoles: readonly string[], action: string): void {
  if (!callerRoles.includes("owner")) throw forbidden(`Only an owner may ${action}`);
}

/** Changes to who is an owner take turns per tenant, so two of them can't together remove the last owner. */
const ownersLock = (tenantId: string) => ({ tenantId, name: "owners" });

export interface AddMemberArgs {
  tenantId: string;
  callerRoles: readonly string[];
  email: string;
  roles: TenantRole[];
  name?: string | undefined;
  /** When the membership starts (the injected clock's now). */
  now: Date;
}

/**
 * Adds the person with this email, counted against `max_users`. Without an account for the
 * email, one is created without credentials: an invitation, which becomes usable once the person
 * sets a password (that flow is not built yet). A removed member is revived with the new roles.
 */
export async function addMember(once: Once, args: AddMemberArgs) {
  const { tenantId, email, roles, name } = args;
  if (roles.includes("owner")) assertMayChangeOwnership(args.callerRoles, "grant the owner role");
  const alreadyMember = () => conflict(`${email} is already a member of this tenant`);
  return once(async (tx) => {
    // Checked before the quota so a duplicate is reported as one even at the limit; checked again under the lock.
    const existingId = await findLiveUserIdByEmail(tx, email);
    if (existingId && (await getLiveMember(tx, { tenantId, userId: existingId }))) throw alreadyMember();
    return withinLimit(tx, { tenantId, limit: "max_users", now: args.now }, async (t) => {
      const userId = (await findLiveUserIdByEmail(t, email)) ?? (await insertInvitedUser(t, { email, name }));
      if (!(await joinTenant(t, { tenantId, userId, roles, email, now: args.now }))) throw alreadyMember();
      const member = await getLiveMember(t, { tenantId, userId });
      if (!member) throw new Error("membership vanished inside its own transaction");
      return member;
    });
  });
}

export interface UpdateRolesArgs {
  tenantId: string;
  callerRoles: readonly string[];
  userId: string;
  roles: TenantRole[];
  expectedUpdated?: Date | undefined;
}

/** New roles apply to the member's next call: principal resolution reads them every time. */
export async function updateMemberRoles(db: Database, args: UpdateRolesArgs) {
  const { tenantId, userId } = args;
  return withTenantLock(db, ownersLock(tenantId), async (tx) => {
    const member = await getLiveMember(tx, { tenantId, userId });
    if (!member) throw notFound("Member");
    const wasOwner = member.roles.includes("owner");
    const staysOwner = args.roles.includes("owner");
    if (wasOwner !== staysOwner) {
      assertMayChangeOwnership(args.callerRoles, wasOwner ? "remove the owner role" : "grant the owner role");
    }
    if (wasOwner && !staysOwner && (await countLiveOwners(tx, tenantId)) <= 1) {
      throw conflict("This is the tenant's last owner: make another member an owner first");
    }
    const updated = await setMemberRoles(tx, args);
    await updatedOrExplain(updated, {
      what: "Member",
      exists: async () => (await getLiveMember(tx, { tenantId, userId })) !== null,
    });
    const result = await getLiveMember(tx, { tenantId, userId });
    if (!result) throw notFound("Member");
    return result;
  });
}

/**
 * Soft removal. The member's sessions in this tenant are revoked too: principal resolution
 * already refuses them, but without this they would come back to life if the member were re-added.
 */
export async function removeMember(
  db: Database,
  args: { tenantId: string; callerRoles: readonly string[]; userId: string },
  now = new Date(),
) {
  const { tenantId, userId } = args;
  return withTenantLock(db, ownersLock(tenantId), async (tx) => {
    const member = await getLiveMember(tx, { tenantId, userId });
    if (!member) throw notFound("Member");
    if (member.roles.includes("owner")) {
      assertMayChangeOwnership(args.callerRoles, "remove an owner");
      if ((await countLiveOwners(tx, tenantId)) <= 1) {
        throw conflict("This is the tenant's last owner: make another member an owner first");
      }
    }
    await removeMembership(tx, { tenantId, userId, now });
    await revokeMemberSessions(tx, { tenantId, userId, now });
    return { userId, removed: now };
  });
}
