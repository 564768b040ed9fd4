import { randomUUID } from "node:crypto";
import { callerFor, createTestTenant, type TestTenant, trpcFailure, useTestDatabase } from "@outbound/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { deserializeInput } from "../src/transformer.js";
import { createVps, staffCaller, uniqueIpv6 } from "./admin-ip-pool-helpers.js";
import { planFields } from "./plan-helpers.js";

const database = useTestDatabase();
let tenant: TestTenant;
let staff: Awaited<ReturnType<typeof staffCaller>>;

beforeAll(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
  staff = await staffCaller(database.db);
});

const owner = () => callerFor(database.db, `Bearer ${tenant.apiKey}`);

describe("text that is not text", () => {
  it("refuses NUL and other control characters with a field error naming the field, before the database", async () => {
    for (const bad of ["nul\u0000byte", "bell\u0007", "\u001b[31mred", "del\u007f", "c1\u0085", "half\ud800"]) {
      const failure = await trpcFailure(owner().leads.create({ email: `a-${randomUUID()}@b.test`, name: bad }));
      expect({ bad, code: failure.code }).toEqual({ bad, code: "BAD_REQUEST" });
      expect(failure.cause).toMatchObject({ details: { fieldErrors: { name: [expect.any(String)] } } });
    }
    const search = await trpcFailure(owner().leads.list({ search: "x\u0000" } as never));
    expect(search.code).toBe("BAD_REQUEST");
  });

  it("refuses them from anyone, before authentication: auth.signUp", async () => {
    const failure = await trpcFailure(
      callerFor(database.db, null).auth.signUp({
        email: `n-${randomUUID()}@example.test`,
        password: "correct horse battery",
        name: "Nul\u0000",
        tenantName: "Acme",
      }),
    );
    expect(failure.code).toBe("BAD_REQUEST");
  });

  it("keeps tabs, line breaks and astral characters where text allows them", async () => {
    const lead = await owner().leads.create({ email: `t-${randomUUID()}@b.test`, name: "Zoë 🚀", company: "A\tB" });
    expect(lead).toMatchObject({ name: "Zoë 🚀" });
  });

  it("refuses a __proto__ key and input nested deeper than any schema", async () => {
    const proto = JSON.parse(`{"email":"p-${randomUUID()}@b.test","__proto__":{"admin":true}}`) as { email: string };
    expect((await trpcFailure(owner().leads.create(proto))).code).toBe("BAD_REQUEST");
    let deep: unknown = "x";
    for (let i = 0; i < 200; i++) deep = { deep };
    expect((await trpcFailure(owner().leads.create({ email: "d@b.test", name: deep } as never))).code).toBe(
      "BAD_REQUEST",
    );
  });
});

describe("superjson input from anyone", () => {
  it("refuses meta naming classes, custom types or unknown transformations with BAD_REQUEST", () => {
    for (const meta of [
      { values: { a: ["custom", "Nope"] } },
      { values: { a: ["class", "Nope"] } },
      { values: { a: ["symbol", "x"] } },
      { values: ["Nope"] },
      { values: { a: [["custom", "Nope"]] } },
      "not an object",
    ]) {
      expect(() => deserializeInput({ json: { a: 1 }, meta })).toThrow(
        expect.objectContaining({ code: "BAD_REQUEST" }),
      );
    }
    expect(() => deserializeInput({ json: "x", meta: { values: ["map"] } })).toThrow(
      expect.objectContaining({ code: "BAD_REQUEST" }),
    );
    expect(() => deserializeInput([1])).toThrow(expect.objectContaining({ code: "BAD_REQUEST" }));
  });

  it("still decodes what the SDK sends: Dates and undefined", () => {
    const at = new Date("2026-12-02T10:00:00.000Z");
    expect(
      deserializeInput({
        json: { at: at.toISOString(), gone: null },
        meta: { values: { at: ["Date"], gone: ["undefined"] } },
      }),
    ).toEqual({ at, gone: undefined });
  });
});

describe("admin updates with nothing to change", () => {
  it("answer the row as it is, or NOT_FOUND, for VPSs, SMTP IPs and plans", async () => {
    const vps = await createVps(staff, {});
    expect(await staff.admin.vps.update({ id: vps.id })).toEqual(vps);
    expect(await staff.admin.vps.update({ id: vps.id, region: undefined })).toEqual(vps);
    expect((await trpcFailure(staff.admin.vps.update({ id: randomUUID() }))).code).toBe("NOT_FOUND");

    const ip = await staff.admin.smtpIps.create({ vpsInstanceId: vps.id, ipAddress: uniqueIpv6() });
    expect(await staff.admin.smtpIps.update({ id: ip.id })).toMatchObject({ id: ip.id, status: ip.status });
    expect((await trpcFailure(staff.admin.smtpIps.update({ id: randomUUID() }))).code).toBe("NOT_FOUND");

    const plan = await staff.admin.plans.create({
      slug: `empty-${randomUUID().slice(0, 8)}`,
      ...planFields("Empty patch"),
    });
    expect(await staff.admin.plans.update({ id: plan.id })).toMatchObject({ id: plan.id, name: plan.name });
    expect(await staff.admin.plans.update({ id: plan.id, name: undefined })).toMatchObject({ name: plan.name });
    expect((await trpcFailure(staff.admin.plans.update({ id: randomUUID() }))).code).toBe("NOT_FOUND");
  });
});
