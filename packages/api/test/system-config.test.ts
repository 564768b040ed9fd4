import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { createTestTenant, staffWith, type TestTenant, trpcCode, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";

const database = useTestDatabase();
let tenant: TestTenant;

beforeEach(async () => {
  tenant = await createTestTenant(database.db);
});

/** Keys unique per test: system_config is global and shared by every test file on PostgreSQL. */
const uniqueKey = (prefix: string) => `${prefix}.k_${randomUUID().replace(/-/g, "").slice(0, 12)}`;

describe("admin.systemConfig", () => {
  it("sets, reads, lists by category, replaces and deletes a setting, recording who set it", async () => {
    const ops = await staffWith(database.db, ["config:read", "config:write"], tenant.tenantId);
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

    const other = await staffWith(database.db, ["config:read", "config:write"], tenant.tenantId);
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
    expect(await trpcCode(ops.caller.admin.systemConfig.get({ key }))).toBe("NOT_FOUND");
    expect(await trpcCode(ops.caller.admin.systemConfig.delete({ key }))).toBe("NOT_FOUND");
  });

  it("redacts sensitive values unless the caller holds config:secrets", async () => {
    const writer = await staffWith(database.db, ["config:read", "config:write"], tenant.tenantId);
    const revealer = await staffWith(database.db, ["config:read", "config:secrets"], tenant.tenantId);
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
    const reader = await staffWith(database.db, ["config:read"], tenant.tenantId);
    expect(await trpcCode(reader.caller.admin.systemConfig.set({ key: uniqueKey("x"), value: 1 }))).toBe("FORBIDDEN");
    expect(await trpcCode(tenant.caller.admin.systemConfig.list({}))).toBe("FORBIDDEN");

    const writer = await staffWith(database.db, ["config:write"], tenant.tenantId);
    expect(await trpcCode(writer.caller.admin.systemConfig.get({ key: "dns.spf_include" }))).toBe("FORBIDDEN");
    for (const key of ["Dns.Spf", "dns..spf", ".dns", "dns.", "1dns.x", "dns spf", "a".repeat(256)]) {
      expect({ key, code: await trpcCode(writer.caller.admin.systemConfig.set({ key, value: 1 })) }).toEqual({
        key,
        code: "BAD_REQUEST",
      });
    }
    const key = uniqueKey("x");
    expect(await trpcCode(writer.caller.admin.systemConfig.set({ key, value: null }))).toBe("BAD_REQUEST");
    expect(await trpcCode(writer.caller.admin.systemConfig.set({ key, value: "x".repeat(70_000) }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("accepts only host names for the DNS settings the domains service reads", async () => {
    const ops = await staffWith(database.db, ["config:read", "config:write"], tenant.tenantId);
    const before = await database.db
      .select({ value: schema.systemConfig.value })
      .from(schema.systemConfig)
      .where(eq(schema.systemConfig.key, "dns.spf_include"));
    for (const value of [42, "https://spf.example.com", "not a host", { host: "x.example" }]) {
      expect(await trpcCode(ops.caller.admin.systemConfig.set({ key: "dns.spf_include", value }))).toBe("BAD_REQUEST");
    }
    expect(await trpcCode(ops.caller.admin.systemConfig.set({ key: "dns.default_mx_host", value: "1.2.3.4" }))).toBe(
      "BAD_REQUEST",
    );
    const after = await database.db
      .select({ value: schema.systemConfig.value })
      .from(schema.systemConfig)
      .where(eq(schema.systemConfig.key, "dns.spf_include"));
    expect(after).toEqual(before);
  });
});
