import { randomUUID } from "node:crypto";
import { type DatabaseHandle, schema } from "@outbound/db";
import { insertStaffMember } from "@outbound/db/queries/staff";
import { createTestTenant, openTestDatabase, type TestTenant } from "@outbound/testing";
import { TRPCError } from "@trpc/server";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { memberWithSession } from "./identity-helpers.js";

let handle: DatabaseHandle;
let tenant: TestTenant;

beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  tenant = await createTestTenant(handle.db);
});

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  throw new Error("expected the call to fail");
};

/** A staff member of a fresh role holding exactly these permissions. */
async function staffWith(permissions: string[]) {
  const db = handle.db;
  const [role] = await db
    .insert(schema.staffRoles)
    .values({ name: `test-${randomUUID().slice(0, 8)}` })
    .returning({ id: schema.staffRoles.id });
  if (!role) throw new Error("role insert returned nothing");
  const granted = await db
    .select({ id: schema.permissions.id })
    .from(schema.permissions)
    .where(inArray(schema.permissions.name, permissions));
  for (const p of granted) await db.insert(schema.staffRolePermissions).values({ roleId: role.id, permissionId: p.id });
  const member = await memberWithSession(db, tenant.tenantId, ["member"]);
  await insertStaffMember(db, { userId: member.userId, roleId: role.id });
  return member;
}

/** Keys unique per test: system_config is global and shared by every test file on PostgreSQL. */
const uniqueKey = (prefix: string) => `${prefix}.k_${randomUUID().replace(/-/g, "").slice(0, 12)}`;

describe("admin.systemConfig", () => {
  it("sets, reads, lists by category, replaces and deletes a setting, recording who set it", async () => {
    const ops = await staffWith(["config:read", "config:write"]);
    const category = `cat_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
    const key = uniqueKey(category);

    const created = await ops.caller.admin.systemConfig.set({
      key,
      value: { limit: 5, tags: ["a"] },
      description: "x",
    });
    expect(created).toMatchObject({
      key,
      value: { limit: 5, tags: ["a"] },
      description: "x",
      category,
      isSensitive: false,
      redacted: false,
      updatedBy: ops.userId,
    });
    expect(await ops.caller.admin.systemConfig.get({ key })).toMatchObject({ value: { limit: 5, tags: ["a"] } });

    const other = await staffWith(["config:read", "config:write"]);
    const replaced = await other.caller.admin.systemConfig.set({ key, value: 7 });
    expect(replaced).toMatchObject({ value: 7, description: "x", category, updatedBy: other.userId });

    const second = uniqueKey(category);
    await ops.caller.admin.systemConfig.set({ key: second, value: "two" });
    const first = await ops.caller.admin.systemConfig.list({ category, limit: 1 });
    expect(first.items.map((s) => s.key)).toEqual([[key, second].sort()[0]]);
    const rest = await ops.caller.admin.systemConfig.list({ category, limit: 1, cursor: first.nextCursor ?? "" });
    expect(rest.items.map((s) => s.key)).toEqual([[key, second].sort()[1]]);
    expect(rest.nextCursor).toBeNull();

    expect(await ops.caller.admin.systemConfig.delete({ key })).toEqual({ key });
    expect(await codeOf(ops.caller.admin.systemConfig.get({ key }))).toBe("NOT_FOUND");
    expect(await codeOf(ops.caller.admin.systemConfig.delete({ key }))).toBe("NOT_FOUND");
  });

  it("redacts sensitive values unless the caller holds config:secrets", async () => {
    const writer = await staffWith(["config:read", "config:write"]);
    const revealer = await staffWith(["config:read", "config:secrets"]);
    const key = uniqueKey("secrets");
    const set = await writer.caller.admin.systemConfig.set({ key, value: "hunter2", isSensitive: true });
    expect(set).toMatchObject({ key, value: null, redacted: true, isSensitive: true });
    expect(await writer.caller.admin.systemConfig.get({ key })).toMatchObject({ value: null, redacted: true });
    const listed = await writer.caller.admin.systemConfig.list({ category: "secrets", limit: 200 });
    expect(listed.items.find((s) => s.key === key)).toMatchObject({ value: null, redacted: true });
    expect(JSON.stringify(listed)).not.toContain("hunter2");

    expect(await revealer.caller.admin.systemConfig.get({ key })).toMatchObject({ value: "hunter2", redacted: false });

    // Re-setting without isSensitive keeps the key sensitive.
    await writer.caller.admin.systemConfig.set({ key, value: "rotated" });
    expect(await revealer.caller.admin.systemConfig.get({ key })).toMatchObject({
      value: "rotated",
      isSensitive: true,
    });
    expect(await writer.caller.admin.systemConfig.get({ key })).toMatchObject({ value: null, redacted: true });
  });

  it("refuses callers without the permission, bad keys and values", async () => {
    const reader = await staffWith(["config:read"]);
    expect(await codeOf(reader.caller.admin.systemConfig.set({ key: uniqueKey("x"), value: 1 }))).toBe("FORBIDDEN");
    expect(await codeOf(tenant.caller.admin.systemConfig.list({}))).toBe("FORBIDDEN");

    const writer = await staffWith(["config:write"]);
    expect(await codeOf(writer.caller.admin.systemConfig.get({ key: "dns.spf_include" }))).toBe("FORBIDDEN");
    for (const key of ["Dns.Spf", "dns..spf", ".dns", "dns.", "1dns.x", "dns spf", "a".repeat(256)]) {
      expect({ key, code: await codeOf(writer.caller.admin.systemConfig.set({ key, value: 1 })) }).toEqual({
        key,
        code: "BAD_REQUEST",
      });
    }
    const key = uniqueKey("x");
    expect(await codeOf(writer.caller.admin.systemConfig.set({ key, value: null }))).toBe("BAD_REQUEST");
    expect(await codeOf(writer.caller.admin.systemConfig.set({ key, value: "x".repeat(70_000) }))).toBe("BAD_REQUEST");
  });

  it("accepts only host names for the DNS settings the domains service reads", async () => {
    const ops = await staffWith(["config:read", "config:write"]);
    const before = await handle.db
      .select({ value: schema.systemConfig.value })
      .from(schema.systemConfig)
      .where(eq(schema.systemConfig.key, "dns.spf_include"));
    for (const value of [42, "https://spf.example.com", "not a host", { host: "x.example" }]) {
      expect(await codeOf(ops.caller.admin.systemConfig.set({ key: "dns.spf_include", value }))).toBe("BAD_REQUEST");
    }
    expect(await codeOf(ops.caller.admin.systemConfig.set({ key: "dns.default_mx_host", value: "1.2.3.4" }))).toBe(
      "BAD_REQUEST",
    );
    const after = await handle.db
      .select({ value: schema.systemConfig.value })
      .from(schema.systemConfig)
      .where(eq(schema.systemConfig.key, "dns.spf_include"));
    expect(after).toEqual(before);
  });
});
