import { randomUUID } from "node:crypto";
import { type Database, schema } from "@outbound/db";
import { findStaffRoleByName, insertStaffMember, lockPermission } from "@outbound/db/queries/staff";
import {
  callerFor,
  createTestTenant,
  failureOfType,
  memberWithSession,
  type TestTenant,
  trpcCode,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import { TRPCError } from "@trpc/server";
import { eq, ne } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../src/error-mapping.js";
import { DomainError } from "../src/errors.js";
import {
  createStaffUser,
  removeStaffMember,
  revokePermission,
  STAFF_TENANT_NAME,
} from "../src/services/staff/staff-users.js";

const database = useTestDatabase();
let tenant: TestTenant;

beforeEach(async () => {
  tenant = await createTestTenant(database.db);
});

async function domainCodeOf(promise: Promise<unknown>): Promise<string> {
  const error = await failureOfType(promise, DomainError);
  return `${error.code}: ${error.message}`;
}

const unique = () => randomUUID().slice(0, 8);

/** A fresh role with these permissions, so tests never edit the seeded roles other test files rely on. */
async function roleWith(permissions: string[]): Promise<string> {
  const name = `test-${unique()}`;
  const [role] = await database.db.insert(schema.staffRoles).values({ name }).returning({ id: schema.staffRoles.id });
  if (!role) throw new Error("role insert returned nothing");
  for (const permission of permissions) {
    const [p] = await database.db
      .select({ id: schema.permissions.id })
      .from(schema.permissions)
      .where(eq(schema.permissions.name, permission));
    if (!p) throw new Error(`no permission ${permission}`);
    await database.db.insert(schema.staffRolePermissions).values({ roleId: role.id, permissionId: p.id });
  }
  return name;
}

/** A member of the test tenant who is staff with `role`, with a session and a caller. */
async function staffWith(role: string) {
  const member = await memberWithSession(database.db, tenant.tenantId, ["member"]);
  const found = await findStaffRoleByName(database.db, role);
  if (!found) throw new Error(`no role ${role}`);
  await insertStaffMember(database.db, { userId: member.userId, roleId: found.id });
  return member;
}

const manager = async () => staffWith(await roleWith(["staff:manage"]));

/** Every page of admin.staff.list: other test files add staff to a shared PostgreSQL meanwhile. */
async function allStaff(caller: ReturnType<typeof callerFor>) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await caller.admin.staff.list({ limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe("admin.staff", () => {
  it("adds an existing user by email, lists them, changes their role and removes them, effective at once", async () => {
    const boss = await manager();
    const user = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    expect(await trpcCode(user.caller.admin.permissions.list({}))).toBe("FORBIDDEN");

    const added = await boss.caller.admin.staff.add({
      email: user.email.toUpperCase(),
      role: "support",
      notes: "  on call  ",
    });
    expect(added).toMatchObject({
      userId: user.userId,
      email: user.email,
      role: "support",
      notes: "on call",
      userDeleted: null,
    });
    expect(added.created).toBeInstanceOf(Date);
    expect((await allStaff(boss.caller)).find((s) => s.userId === user.userId)).toEqual(added);
    expect(await trpcCode(user.caller.admin.permissions.list({}))).toBe("FORBIDDEN");

    const manageRole = await roleWith(["staff:manage"]);
    const promoted = await boss.caller.admin.staff.updateRole({
      userId: user.userId,
      role: manageRole,
      expectedUpdated: added.updated,
    });
    expect(promoted.role).toBe(manageRole);
    await expect(user.caller.admin.permissions.list({})).resolves.toHaveProperty("items");

    expect(
      await trpcCode(
        boss.caller.admin.staff.updateRole({ userId: user.userId, role: "support", expectedUpdated: added.updated }),
      ),
    ).toBe("CONFLICT");

    expect(await boss.caller.admin.staff.remove({ userId: user.userId })).toEqual({ userId: user.userId });
    expect(await trpcCode(user.caller.admin.permissions.list({}))).toBe("FORBIDDEN");
    expect((await allStaff(boss.caller)).some((s) => s.userId === user.userId)).toBe(false);
    expect(await trpcCode(boss.caller.admin.staff.remove({ userId: user.userId }))).toBe("NOT_FOUND");
    // Staff access ends; the tenant membership does not.
    await expect(user.caller.auth.me()).resolves.toMatchObject({ tenant: { id: tenant.tenantId } });
  });

  it("refuses unknown or deleted users and unknown roles with NOT_FOUND, and a second add with CONFLICT", async () => {
    const boss = await manager();
    const user = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    const add = (email: string, role = "support") => boss.caller.admin.staff.add({ email, role });
    expect(await trpcCode(add(`nobody-${unique()}@example.test`))).toBe("NOT_FOUND");
    expect(await trpcCode(add(user.email, "no-such-role"))).toBe("NOT_FOUND");
    await add(user.email);
    const again = await trpcFailure(add(user.email, "ops"));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toContain("already staff");

    const gone = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    await database.db.update(schema.users).set({ deleted: new Date() }).where(eq(schema.users.id, gone.userId));
    expect(await trpcCode(add(gone.email))).toBe("NOT_FOUND");
  });

  it("answers NOT_FOUND for users who are not staff or don't exist, and changes nothing", async () => {
    const boss = await manager();
    const outsider = await memberWithSession(database.db, tenant.tenantId, ["owner"]);
    for (const userId of [outsider.userId, randomUUID()]) {
      expect(await trpcCode(boss.caller.admin.staff.updateRole({ userId, role: "superadmin" }))).toBe("NOT_FOUND");
      expect(await trpcCode(boss.caller.admin.staff.remove({ userId }))).toBe("NOT_FOUND");
    }
    expect(
      await database.db.select().from(schema.staffMembers).where(eq(schema.staffMembers.userId, outsider.userId)),
    ).toEqual([]);
    expect(await trpcCode(outsider.caller.admin.staff.list({}))).toBe("FORBIDDEN");

    const staffer = await staffWith("support");
    expect(await trpcCode(boss.caller.admin.staff.updateRole({ userId: staffer.userId, role: "nope" }))).toBe(
      "NOT_FOUND",
    );
    expect(await trpcCode(boss.caller.admin.staff.updateRole({ userId: "not-an-id", role: "ops" }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("won't let a manager remove themselves or give up staff:manage, but lets them switch to another managing role", async () => {
    const boss = await manager();
    const self = await trpcFailure(boss.caller.admin.staff.remove({ userId: boss.userId }));
    expect(self.code).toBe("CONFLICT");
    expect(self.message).toContain("yourself");
    const demote = await trpcFailure(boss.caller.admin.staff.updateRole({ userId: boss.userId, role: "support" }));
    expect(demote.code).toBe("CONFLICT");
    expect(demote.message).toContain("staff:manage");
    await expect(boss.caller.admin.staff.list({})).resolves.toHaveProperty("items");

    const other = await roleWith(["staff:manage", "reports:read"]);
    await expect(boss.caller.admin.staff.updateRole({ userId: boss.userId, role: other })).resolves.toMatchObject({
      role: other,
    });
  });

  it("lets exactly one of two managers who remove each other at the same time succeed", async () => {
    const first = await manager();
    const second = await manager();
    const results = await Promise.allSettled([
      first.caller.admin.staff.remove({ userId: second.userId }),
      second.caller.admin.staff.remove({ userId: first.userId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason instanceof TRPCError && refused.reason.code).toBe(
      "FORBIDDEN",
    );
    const left = await database.db
      .select()
      .from(schema.staffMembers)
      .where(eq(schema.staffMembers.userId, results[0]?.status === "fulfilled" ? first.userId : second.userId));
    expect(left).toHaveLength(1);
  });

  it("pages newest user first with a keyset cursor", async () => {
    const boss = await manager();
    const added = [await staffWith("support"), await staffWith("ops"), await staffWith("finance")];
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await boss.caller.admin.staff.list({ limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.items.map((s) => s.userId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(ids).toEqual([...new Set(ids)].sort().reverse());
    for (const staffer of [boss, ...added]) expect(ids).toContain(staffer.userId);
  });
});

describe("admin.roles and admin.permissions", () => {
  it("creates a role, grants and revokes by name, and the grant takes effect on the next request", async () => {
    const boss = await manager();
    const name = `billing-desk-${unique()}`;
    const role = await boss.caller.admin.roles.create({ name, description: "Billing desk" });
    expect(role).toMatchObject({ name, description: "Billing desk", permissions: [], staffCount: 0 });

    const staffer = await staffWith(name);
    expect(await trpcCode(staffer.caller.admin.roles.list({}))).toBe("FORBIDDEN");
    await boss.caller.admin.roles.grant({ role: name, permission: "reports:read" });
    const granted = await boss.caller.admin.roles.grant({ role: name, permission: "staff:manage" });
    expect(granted).toMatchObject({ permissions: ["reports:read", "staff:manage"], staffCount: 1 });
    await expect(staffer.caller.admin.roles.list({})).resolves.toHaveProperty("items");
    // Granting twice changes nothing.
    expect(await boss.caller.admin.roles.grant({ role: name, permission: "reports:read" })).toEqual(granted);

    const revoked = await boss.caller.admin.roles.revoke({ role: name, permission: "staff:manage" });
    expect(revoked.permissions).toEqual(["reports:read"]);
    expect(await trpcCode(staffer.caller.admin.roles.list({}))).toBe("FORBIDDEN");
    expect(await boss.caller.admin.roles.revoke({ role: name, permission: "staff:manage" })).toEqual(revoked);
  });

  it("lists roles by name with their permissions, paging by name", async () => {
    const boss = await manager();
    const seen = [];
    let cursor: string | undefined;
    do {
      const page = await boss.caller.admin.roles.list({ limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const names = seen.map((r) => r.name);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    const support = seen.find((r) => r.name === "support");
    expect(support?.permissions).toEqual(["config:read", "infra:read", "tenants:read", "tenants:write"]);
    expect(seen.find((r) => r.name === "superadmin")?.permissions).toContain("staff:manage");
  });

  it("refuses bad names, duplicates, unknown roles and permissions, and editing superadmin", async () => {
    const boss = await manager();
    const bad = await trpcFailure(boss.caller.admin.roles.create({ name: "Billing Desk" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(bad)).toHaveProperty("name");
    expect(await trpcCode(boss.caller.admin.roles.create({ name: "support" }))).toBe("CONFLICT");

    const name = await roleWith([]);
    expect(
      await trpcCode(boss.caller.admin.roles.grant({ role: `missing-${unique()}`, permission: "infra:read" })),
    ).toBe("NOT_FOUND");
    expect(await trpcCode(boss.caller.admin.roles.grant({ role: name, permission: "infra:everything" }))).toBe(
      "NOT_FOUND",
    );
    expect(await trpcCode(boss.caller.admin.roles.revoke({ role: name, permission: "infra:everything" }))).toBe(
      "NOT_FOUND",
    );
    const superadmin = await trpcFailure(
      boss.caller.admin.roles.revoke({ role: "superadmin", permission: "infra:read" }),
    );
    expect(superadmin.code).toBe("CONFLICT");
    expect(
      (await boss.caller.admin.roles.list({ limit: 200 })).items.find((r) => r.name === "superadmin")?.permissions,
    ).toContain("infra:read");
  });

  it("won't let a manager revoke staff:manage from their own role, but from another manager's", async () => {
    const boss = await manager();
    const [own] = await database.db
      .select({ name: schema.staffRoles.name })
      .from(schema.staffMembers)
      .innerJoin(schema.staffRoles, eq(schema.staffRoles.id, schema.staffMembers.roleId))
      .where(eq(schema.staffMembers.userId, boss.userId));
    const refused = await trpcFailure(
      boss.caller.admin.roles.revoke({ role: own?.name ?? "", permission: "staff:manage" }),
    );
    expect(refused.code).toBe("CONFLICT");
    await expect(boss.caller.admin.staff.list({})).resolves.toHaveProperty("items");

    const colleagueRole = await roleWith(["staff:manage"]);
    const colleague = await staffWith(colleagueRole);
    await boss.caller.admin.roles.revoke({ role: colleagueRole, permission: "staff:manage" });
    expect(await trpcCode(colleague.caller.admin.staff.list({}))).toBe("FORBIDDEN");
  });

  it("lists every seeded permission with its category, by name", async () => {
    const boss = await manager();
    const { items, nextCursor } = await boss.caller.admin.permissions.list({});
    expect(nextCursor).toBeNull();
    expect(items.map((p) => p.name)).toEqual([...items.map((p) => p.name)].sort());
    expect(items.find((p) => p.name === "staff:manage")).toEqual({
      name: "staff:manage",
      category: "staff",
      description: expect.stringContaining("staff"),
    });
    expect(items.length).toBeGreaterThanOrEqual(11);
    const page = await boss.caller.admin.permissions.list({ limit: 3 });
    const next = await boss.caller.admin.permissions.list({ limit: 3, cursor: page.nextCursor ?? undefined });
    expect([...page.items, ...next.items]).toEqual(items.slice(0, 6));
  });
});

/**
 * Runs `body` where `keep` is the only staff member, then rolls back. Repeatable read keeps staff
 * that other test files add to a shared PostgreSQL meanwhile out of sight.
 */
async function aloneAsStaff(keep: string, body: (tx: Database) => Promise<void>) {
  const rollback = new Error("rollback");
  await database.db
    .transaction(
      async (tx) => {
        // Taken first, as every staff change does, so this can't deadlock with one running elsewhere.
        await lockPermission(tx, "staff:manage");
        await tx.delete(schema.staffMembers).where(ne(schema.staffMembers.userId, keep));
        await body(tx);
        throw rollback;
      },
      { isolationLevel: "repeatable read" },
    )
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
}

describe("the last holder of staff:manage", () => {
  it("can't be removed, demoted or have the permission revoked from their role, even by the server CLI", async () => {
    const role = await roleWith(["staff:manage"]);
    const last = await staffWith(role);
    await aloneAsStaff(last.userId, async (tx) => {
      expect(await domainCodeOf(removeStaffMember(tx, { actorUserId: null, userId: last.userId }))).toMatch(
        /^CONFLICT: This would leave no staff member with staff:manage/,
      );
      expect(await domainCodeOf(createStaffUser(tx, { email: last.email, role: "support" }))).toMatch(
        /^CONFLICT: This would leave no staff member/,
      );
      expect(await domainCodeOf(revokePermission(tx, { actorUserId: null, role, permission: "staff:manage" }))).toMatch(
        /^CONFLICT: This would leave no staff member/,
      );
      // Anything that keeps a holder is fine.
      await expect(createStaffUser(tx, { email: last.email, role: "superadmin" })).resolves.toMatchObject({
        previousRole: role,
        role: "superadmin",
      });
    });
  });
});

describe("createStaffUser (the server CLI's staff:create)", () => {
  it("creates a user with a generated password, a tenant to sign in to, and the staff role", async () => {
    const email = `staff-${unique()}@example.test`;
    const result = await createStaffUser(database.db, { email, name: "First Staff", role: "superadmin" });
    expect(result).toMatchObject({ email, role: "superadmin", previousRole: null, userCreated: true });
    expect(result.generatedPassword).toMatch(/^[\w-]{24}$/);
    expect(result.staffTenantId).toEqual(expect.any(String));

    const anonymous = callerFor(database.db, null);
    const session = await anonymous.auth.signIn({ email, password: result.generatedPassword ?? "" });
    const staff = callerFor(database.db, `Bearer ${session.token}`);
    const me = await staff.auth.me();
    expect(me).toMatchObject({ roles: ["owner"], tenant: { id: result.staffTenantId, name: STAFF_TENANT_NAME } });
    expect(me.staffPermissions).toContain("staff:manage");
    expect((await allStaff(staff)).find((s) => s.userId === result.userId)).toMatchObject({
      email,
      name: "First Staff",
      role: "superadmin",
    });
  });

  it("is idempotent: a second run changes only the role and keeps the password, tenant and account", async () => {
    const email = `staff-${unique()}@example.test`;
    const first = await createStaffUser(database.db, { email, role: "ops", password: "a long staff password" });
    expect(first.generatedPassword).toBeNull();
    const same = await createStaffUser(database.db, { email, role: "ops", password: "a long staff password" });
    expect(same).toMatchObject({
      userId: first.userId,
      userCreated: false,
      previousRole: "ops",
      role: "ops",
      staffTenantId: null,
      generatedPassword: null,
      passwordIgnored: true,
    });
    const changed = await createStaffUser(database.db, { email: email.toUpperCase(), role: "finance" });
    expect(changed).toMatchObject({
      userId: first.userId,
      previousRole: "ops",
      role: "finance",
      passwordIgnored: false,
    });
    await expect(
      callerFor(database.db, null).auth.signIn({ email, password: "a long staff password" }),
    ).resolves.toHaveProperty("token");
    const memberships = await database.db
      .select()
      .from(schema.tenantUsers)
      .where(eq(schema.tenantUsers.userId, first.userId));
    expect(memberships).toHaveLength(1);
  });

  it("makes an existing user staff without giving them another tenant", async () => {
    const user = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    const result = await createStaffUser(database.db, { email: user.email, role: "support" });
    expect(result).toMatchObject({
      userId: user.userId,
      userCreated: false,
      staffTenantId: null,
      generatedPassword: null,
    });
  });

  it("refuses bad input and unknown roles without creating anything", async () => {
    const email = `staff-${unique()}@example.test`;
    expect(await domainCodeOf(createStaffUser(database.db, { email, role: "nope" }))).toMatch(/^NOT_FOUND/);
    expect(await domainCodeOf(createStaffUser(database.db, { email, role: "ops", password: "short" }))).toMatch(
      /^BAD_REQUEST: The password must be at least 10 characters/,
    );
    expect(await domainCodeOf(createStaffUser(database.db, { email: "not an email", role: "ops" }))).toMatch(
      /^BAD_REQUEST/,
    );
    expect(await database.db.select().from(schema.users).where(eq(schema.users.email, email))).toEqual([]);
  });
});
