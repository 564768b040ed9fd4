import { randomBytes } from "node:crypto";
import type { Database } from "@outbound/db";
import { findActivePlanBySlug } from "@outbound/db/queries/plans";
import {
  deleteRolePermission,
  deleteStaffMember,
  findLiveUserByEmail,
  findPermissionByName,
  findStaffRoleByName,
  getStaffMember,
  getStaffRole,
  insertRolePermission,
  insertStaffMember,
  insertStaffRole,
  lockPermission,
  setStaffRole,
  staffPermissionHolders,
} from "@outbound/db/queries/staff";
import { insertMonthlySubscription } from "@outbound/db/queries/subscriptions";
import { insertMembership, insertTenantWithDefaults } from "@outbound/db/queries/tenants";
import {
  findLiveUserWithCredentials,
  insertUserWithCredentials,
  listMembershipsForSignIn,
} from "@outbound/db/queries/users";
import { badRequest, conflict, forbidden, notFound } from "../../errors.js";
import { createStaffUserInput } from "../../schemas/admin-staff.js";
import { DEFAULT_PASSWORD_POLICY, passwordProblems } from "../auth/password-policy.js";
import { hashPassword } from "../auth/passwords.js";
import { DEFAULT_PLAN_SLUG } from "../auth/sign-in.js";
import { updatedOrExplain } from "../platform/updates.js";

/** The permission that administers staff: whoever holds it can grant everything else. */
export const STAFF_MANAGE = "staff:manage";
/** `seedReferenceData` grants this role every permission on each start, so its grants are not editable. */
export const ALL_PERMISSIONS_ROLE = "superadmin";
/** The tenant `createStaffUser` gives a staff user who belongs to none, so they can sign in. */
export const STAFF_TENANT_NAME = "Outbound Staff";

async function roleNamed(db: Database, name: string) {
  const role = await findStaffRoleByName(db, name);
  if (!role) throw notFound(`Staff role "${name}"`);
  return role;
}

async function staffMemberOrNotFound(db: Database, userId: string) {
  const member = await getStaffMember(db, userId);
  if (!member) throw notFound("Staff member");
  return member;
}

/**
 * Runs `change` so that staff administration stays reachable: the actor (null for the server
 * CLI) must still hold staff:manage afterwards, and the last holder can't lose it. Such changes
 * are serialised on a row lock, so two managers demoting each other can't both succeed.
 */
function keepingStaffManage<T>(db: Database, actorUserId: string | null, change: (tx: Database) => Promise<T>) {
  return db.transaction(async (tx) => {
    await lockPermission(tx, STAFF_MANAGE);
    const before = await staffPermissionHolders(tx, { permission: STAFF_MANAGE, userId: actorUserId });
    if (actorUserId && !before.includesUser) throw forbidden(`This needs the staff permission ${STAFF_MANAGE}`);
    const result = await change(tx);
    const after = await staffPermissionHolders(tx, { permission: STAFF_MANAGE, userId: actorUserId });
    if (actorUserId && !after.includesUser) {
      throw conflict(`This would take ${STAFF_MANAGE} away from you: ask another staff manager to do it`);
    }
    if (before.count > 0 && after.count === 0) {
      throw conflict(
        `This would leave no staff member with ${STAFF_MANAGE}, locking everyone out of staff administration`,
      );
    }
    return result;
  });
}

export async function addStaffMember(db: Database, args: { email: string; role: string; notes?: string | undefined }) {
  const user = await findLiveUserByEmail(db, args.email);
  if (!user) throw notFound("User");
  const role = await roleNamed(db, args.role);
  if (!(await insertStaffMember(db, { userId: user.id, roleId: role.id, notes: args.notes }))) {
    throw conflict("This user is already staff: change their role with admin.staff.updateRole");
  }
  return staffMemberOrNotFound(db, user.id);
}

export function updateStaffRole(
  db: Database,
  args: { actorUserId: string | null; userId: string; role: string; expectedUpdated?: Date | undefined },
) {
  return keepingStaffManage(db, args.actorUserId, async (tx) => {
    const role = await roleNamed(tx, args.role);
    const updated = await setStaffRole(tx, {
      userId: args.userId,
      roleId: role.id,
      expectedUpdated: args.expectedUpdated,
    });
    await updatedOrExplain(updated || null, {
      what: "Staff member",
      exists: async () => (await getStaffMember(tx, args.userId)) !== null,
    });
    return staffMemberOrNotFound(tx, args.userId);
  });
}

/** Ends staff access at once (permissions are read per request); the user's tenant memberships stay. */
export async function removeStaffMember(db: Database, args: { actorUserId: string | null; userId: string }) {
  if (args.actorUserId === args.userId) {
    throw conflict("You can't remove yourself from staff: ask another staff manager to do it");
  }
  return keepingStaffManage(db, args.actorUserId, async (tx) => {
    if (!(await deleteStaffMember(tx, args.userId))) throw notFound("Staff member");
    return { userId: args.userId };
  });
}

async function roleOrNotFound(db: Database, name: string) {
  const role = await getStaffRole(db, name);
  if (!role) throw notFound(`Staff role "${name}"`);
  return role;
}

export async function createStaffRole(db: Database, args: { name: string; description?: string | undefined }) {
  if (!(await insertStaffRole(db, args))) throw conflict(`A staff role named "${args.name}" already exists`);
  return roleOrNotFound(db, args.name);
}

async function permissionNamed(db: Database, name: string) {
  const permission = await findPermissionByName(db, name);
  if (!permission) throw notFound(`Permission "${name}"`);
  return permission;
}

/** Granting a permission the role already has changes nothing and succeeds. */
export async function grantPermission(db: Database, args: { role: string; permission: string }) {
  const role = await roleNamed(db, args.role);
  const permission = await permissionNamed(db, args.permission);
  await insertRolePermission(db, { roleId: role.id, permissionId: permission.id });
  return roleOrNotFound(db, args.role);
}

/** Revoking a permission the role doesn't have changes nothing and succeeds. */
export function revokePermission(db: Database, args: { actorUserId: string | null; role: string; permission: string }) {
  return keepingStaffManage(db, args.actorUserId, async (tx) => {
    const role = await roleNamed(tx, args.role);
    const permission = await permissionNamed(tx, args.permission);
    if (role.name === ALL_PERMISSIONS_ROLE) {
      throw conflict(
        `The ${ALL_PERMISSIONS_ROLE} role holds every permission by definition: give staff a narrower role instead`,
      );
    }
    await deleteRolePermission(tx, { roleId: role.id, permissionId: permission.id });
    return roleOrNotFound(tx, args.role);
  });
}

/** A tenant for a user who has none, so auth.signIn can start a session; null when they have one. */
async function ensureSignInTenant(db: Database, args: { userId: string; email: string; now: Date }) {
  if ((await listMembershipsForSignIn(db, args.userId)).length > 0) return null;
  const tenant = await insertTenantWithDefaults(db, { name: STAFF_TENANT_NAME, billingEmail: args.email });
  await insertMembership(db, { tenantId: tenant.id, userId: args.userId, roles: ["owner"], email: args.email });
  const plan = await findActivePlanBySlug(db, DEFAULT_PLAN_SLUG);
  if (plan) {
    await insertMonthlySubscription(db, {
      tenantId: tenant.id,
      planId: plan.id,
      billingContactUserId: args.userId,
      now: args.now,
    });
  }
  return tenant.id;
}

/** A new user's password hash; without a given password a strong one is generated. */
async function newCredentials(given: string | undefined) {
  const password = given ?? randomBytes(18).toString("base64url");
  return { passwordHash: await hashPassword(password), generatedPassword: given === undefined ? password : null };
}

export interface StaffUserResult {
  userId: string;
  email: string;
  role: string;
  /** The role before this call; null when the user was not staff. */
  previousRole: string | null;
  userCreated: boolean;
  /** Set only when the user was created without a password given: shown once, stored hashed. */
  generatedPassword: string | null;
  /** The "Outbound Staff" tenant created for a user who had no tenant to sign in to. */
  staffTenantId: string | null;
  /** An existing user keeps their password; a given one was not applied. */
  passwordIgnored: boolean;
}

/**
 * Makes `email` a staff member with `role`, creating the user when missing; running it again
 * only changes the role. Staff sign in through auth.signIn like anyone, which needs a tenant, so
 * a user without one gets their own "Outbound Staff" tenant (owner, free plan).
 */
export async function createStaffUser(db: Database, raw: unknown, now = new Date()): Promise<StaffUserResult> {
  const parsed = createStaffUserInput.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join(".") || "(input)";
      fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
    }
    throw badRequest("Invalid staff user", fieldErrors);
  }
  const input = parsed.data;
  if (input.password !== undefined) {
    const problems = passwordProblems(input.password, DEFAULT_PASSWORD_POLICY);
    if (problems.length > 0) throw badRequest(`The password ${problems.join(", ")}`, { password: problems });
  }
  // Hashing is slow, so it happens before the transaction takes the staff lock.
  const account = (await findLiveUserWithCredentials(db, input.email)) ?? (await newCredentials(input.password));

  return keepingStaffManage(db, null, async (tx) => {
    const role = await roleNamed(tx, input.role);
    const userId =
      "id" in account
        ? account.id
        : (
            await insertUserWithCredentials(tx, {
              email: input.email,
              name: input.name ?? input.email.split("@")[0] ?? input.email,
              passwordHash: account.passwordHash,
            })
          ).id;
    const current = await getStaffMember(tx, userId);
    if (!current) await insertStaffMember(tx, { userId, roleId: role.id });
    else if (current.role !== role.name) await setStaffRole(tx, { userId, roleId: role.id });

    const staffTenantId = await ensureSignInTenant(tx, { userId, email: input.email, now });
    return {
      userId,
      email: input.email,
      role: role.name,
      previousRole: current?.role ?? null,
      userCreated: !("id" in account),
      generatedPassword: "id" in account ? null : account.generatedPassword,
      staffTenantId,
      passwordIgnored: "id" in account && input.password !== undefined,
    };
  });
}
