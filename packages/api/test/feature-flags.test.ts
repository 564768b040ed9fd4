import { randomUUID } from "node:crypto";
import { createTestTenant, staffWith, type TestTenant, trpcCode, useTestDatabase } from "@outbound/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { evaluateFlags, isFlagEnabled, rolloutBucket } from "../src/services/staff/feature-flags.js";

describe("rollout (pure)", () => {
  // Synthetic tenant ids in the real id format, fixed so the test is deterministic.
  const tenants = Array.from({ length: 10_000 }, (_, i) => {
    const hex = i.toString(16).padStart(12, "0");
    return `0190a0b0-c0d0-7e0f-8a0b-${hex}`;
  });
  const share = (key: string, percentage: number) =>
    tenants.filter((t) => isFlagEnabled({ key, isEnabled: true, rolloutPercentage: percentage }, t)).length /
    tenants.length;

  it("enables close to the rollout percentage of tenants, exactly none at 0 and all at 100", () => {
    for (const key of ["campaigns.ab_testing", "new_editor"]) {
      for (const percentage of [1, 10, 25, 50, 75, 90]) {
        const actual = share(key, percentage) * 100;
        expect({ key, percentage, withinTwoPoints: Math.abs(actual - percentage) <= 2 }).toEqual({
          key,
          percentage,
          withinTwoPoints: true,
        });
      }
      expect(share(key, 0)).toBe(0);
      expect(share(key, 100)).toBe(1);
    }
  });

  it("only adds tenants when the percentage rises, and answers the same for a tenant every time", () => {
    const key = "campaigns.ab_testing";
    let previous = new Set<string>();
    for (let percentage = 0; percentage <= 100; percentage += 5) {
      const enabled = new Set(
        tenants.filter((t) => isFlagEnabled({ key, isEnabled: true, rolloutPercentage: percentage }, t)),
      );
      expect([...previous].every((t) => enabled.has(t))).toBe(true);
      previous = enabled;
    }
    const tenant = tenants[42] ?? "";
    expect(rolloutBucket(key, tenant)).toBe(rolloutBucket(key, tenant));
  });

  it("is off when the flag is disabled, and buckets differ between flags", () => {
    expect(tenants.some((t) => isFlagEnabled({ key: "x", isEnabled: false, rolloutPercentage: 100 }, t))).toBe(false);
    const same = tenants.filter((t) => rolloutBucket("flag_a", t) === rolloutBucket("flag_b", t)).length;
    expect(same / tenants.length).toBeLessThan(0.03);
  });

  it("answers unknown keys with false", () => {
    const flags = [{ key: "on", isEnabled: true, rolloutPercentage: 100 }];
    expect(evaluateFlags(flags, tenants[0] ?? "", ["on", "missing"])).toEqual({ on: true, missing: false });
    expect(evaluateFlags(flags, tenants[0] ?? "")).toEqual({ on: true });
  });
});

const database = useTestDatabase();
let tenant: TestTenant;

beforeEach(async () => {
  tenant = await createTestTenant(database.db);
});

/** Flags are global and shared by every test file on PostgreSQL: keys are unique per test. */
const uniqueKey = () => `test.f_${randomUUID().replace(/-/g, "").slice(0, 12)}`;

describe("admin.featureFlags", () => {
  it("creates, lists, gets, updates and deletes a flag, recording who changed it", async () => {
    const ops = await staffWith(database.db, ["config:read", "flags:write"], tenant.tenantId);
    const key = uniqueKey();
    const flag = await ops.caller.admin.featureFlags.create({ key, description: "new editor" });
    expect(flag).toMatchObject({ key, isEnabled: false, rolloutPercentage: 0, updatedBy: ops.userId });
    expect(await trpcCode(ops.caller.admin.featureFlags.create({ key }))).toBe("CONFLICT");

    // Newest first; other test files may add flags meanwhile on a shared PostgreSQL, so page until found.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ops.caller.admin.featureFlags.list({ limit: 2, cursor });
      seen.push(...page.items.map((f) => f.key));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && !seen.includes(key));
    expect(seen).toContain(key);
    expect(await ops.caller.admin.featureFlags.get({ id: flag.id })).toEqual(flag);

    const other = await staffWith(database.db, ["flags:write"], tenant.tenantId);
    const updated = await other.caller.admin.featureFlags.update({
      id: flag.id,
      isEnabled: true,
      rolloutPercentage: 30,
      expectedUpdated: flag.updated,
    });
    expect(updated).toMatchObject({ key, isEnabled: true, rolloutPercentage: 30, description: "new editor" });
    expect(updated.updatedBy).toBe(other.userId);
    expect(
      await trpcCode(
        other.caller.admin.featureFlags.update({ id: flag.id, isEnabled: false, expectedUpdated: flag.updated }),
      ),
    ).toBe("CONFLICT");
    expect(await trpcCode(other.caller.admin.featureFlags.get({ id: flag.id }))).toBe("FORBIDDEN");

    expect(await ops.caller.admin.featureFlags.delete({ id: flag.id })).toEqual({ id: flag.id });
    expect(await trpcCode(ops.caller.admin.featureFlags.get({ id: flag.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(ops.caller.admin.featureFlags.update({ id: flag.id, isEnabled: true }))).toBe("NOT_FOUND");
    expect(await trpcCode(ops.caller.admin.featureFlags.delete({ id: flag.id }))).toBe("NOT_FOUND");
  });

  it("refuses bad keys and percentages, and callers without flags:write", async () => {
    const ops = await staffWith(database.db, ["config:read", "flags:write"], tenant.tenantId);
    for (const key of ["New.Editor", "new-editor", "new..editor", "_x", "x".repeat(101)]) {
      expect({ key, code: await trpcCode(ops.caller.admin.featureFlags.create({ key })) }).toEqual({
        key,
        code: "BAD_REQUEST",
      });
    }
    for (const rolloutPercentage of [-1, 101, 12.5]) {
      expect(await trpcCode(ops.caller.admin.featureFlags.create({ key: uniqueKey(), rolloutPercentage }))).toBe(
        "BAD_REQUEST",
      );
    }
    const reader = await staffWith(database.db, ["config:read"], tenant.tenantId);
    expect(await trpcCode(reader.caller.admin.featureFlags.create({ key: uniqueKey() }))).toBe("FORBIDDEN");
  });
});

describe("featureFlags.evaluate", () => {
  it("answers each asked key for the calling tenant, following the flag's state and rollout", async () => {
    const ops = await staffWith(database.db, ["flags:write"], tenant.tenantId);
    const [full, none, off, partial] = [uniqueKey(), uniqueKey(), uniqueKey(), uniqueKey()];
    await ops.caller.admin.featureFlags.create({ key: full, isEnabled: true, rolloutPercentage: 100 });
    await ops.caller.admin.featureFlags.create({ key: none, isEnabled: true, rolloutPercentage: 0 });
    await ops.caller.admin.featureFlags.create({ key: off, isEnabled: false, rolloutPercentage: 100 });
    await ops.caller.admin.featureFlags.create({ key: partial, isEnabled: true, rolloutPercentage: 50 });
    const unknown = uniqueKey();

    const result = await tenant.caller.featureFlags.evaluate({ keys: [full, none, off, partial, unknown] });
    expect(result).toEqual({
      [full]: true,
      [none]: false,
      [off]: false,
      [partial]: rolloutBucket(partial, tenant.tenantId) < 50,
      [unknown]: false,
    });
    const all = await tenant.caller.featureFlags.evaluate();
    expect(all[full]).toBe(true);
    expect(all[off]).toBe(false);
    expect(unknown in all).toBe(false);
  });
});
