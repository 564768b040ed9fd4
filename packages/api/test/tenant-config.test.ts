import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { callerFor, createSecurityFixture, createTestTenant, trpcFailure, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../src/error-mapping.js";

const database = useTestDatabase();

const as = (token: string) => callerFor(database.db, `Bearer ${token}`);

const configRow = async (tenantId: string) =>
  database.db.select().from(schema.tenantConfig).where(eq(schema.tenantConfig.tenantId, tenantId));

describe("tenantConfig.get", () => {
  it("returns what sign-up set: the billing email and the defaults", async () => {
    const email = `config-${randomUUID().slice(0, 8)}@example.test`;
    const { token } = await callerFor(database.db, null).auth.signUp({
      email,
      password: "correct horse battery",
      name: "Config Owner",
      tenantName: "Config Co",
    });
    expect(await as(token).tenantConfig.get()).toEqual({
      stripeCustomerId: null,
      billingEmail: email,
      billingAddress: null,
      notifyOnBillingChanges: true,
      notifyOnSystemUpdates: true,
      notifyOnSecurityAlerts: true,
      themePrimaryColor: null,
      themeLogoUrl: null,
      themeFaviconUrl: null,
      uiSidebarDefaultCollapsed: false,
      uiDateFormat: "YYYY-MM-DD",
      uiTimezone: "UTC",
      created: expect.any(Date),
      updated: expect.any(Date),
    });
  });

  it("creates the config with the defaults for a tenant that has none, once", async () => {
    const tenant = await createTestTenant(database.db);
    expect(await configRow(tenant.tenantId)).toHaveLength(0);
    const [first, second] = await Promise.all([tenant.caller.tenantConfig.get(), tenant.caller.tenantConfig.get()]);
    expect(first).toMatchObject({ billingEmail: null, uiDateFormat: "YYYY-MM-DD" });
    expect(second).toEqual(first);
    expect(await configRow(tenant.tenantId)).toHaveLength(1);
  });
});

describe("tenantConfig.update", () => {
  it("changes the given fields, canonicalises values, and clears optional ones with null", async () => {
    const tenant = await createTestTenant(database.db);
    const updated = await tenant.caller.tenantConfig.update({
      billingEmail: "  Billing@Example.TEST ",
      billingAddress: { line1: "1 Main St", line2: "", city: "Berlin", postalCode: "10115", country: "de" },
      notifyOnBillingChanges: false,
      notifyOnSystemUpdates: false,
      notifyOnSecurityAlerts: false,
      themePrimaryColor: "#1A2B3C",
      themeLogoUrl: "https://cdn.example.com/logo.png",
      themeFaviconUrl: "https://cdn.example.com/favicon.ico",
      uiSidebarDefaultCollapsed: true,
      uiDateFormat: "DD.MM.YYYY",
      uiTimezone: "america/new_york",
    });
    expect(updated).toMatchObject({
      billingEmail: "billing@example.test",
      billingAddress: { line1: "1 Main St", city: "Berlin", postalCode: "10115", country: "DE" },
      notifyOnBillingChanges: false,
      notifyOnSystemUpdates: false,
      notifyOnSecurityAlerts: false,
      themePrimaryColor: "#1a2b3c",
      themeLogoUrl: "https://cdn.example.com/logo.png",
      themeFaviconUrl: "https://cdn.example.com/favicon.ico",
      uiSidebarDefaultCollapsed: true,
      uiDateFormat: "DD.MM.YYYY",
      uiTimezone: "America/New_York",
    });
    expect(updated.billingAddress).not.toHaveProperty("line2");
    expect(await tenant.caller.tenantConfig.get()).toEqual(updated);

    const cleared = await tenant.caller.tenantConfig.update({ billingAddress: null, themeLogoUrl: null });
    expect(cleared).toMatchObject({ billingAddress: null, themeLogoUrl: null, themePrimaryColor: "#1a2b3c" });
  });

  it("refuses bad values with BAD_REQUEST and the field path of each, and changes nothing", async () => {
    const tenant = await createTestTenant(database.db);
    await tenant.caller.tenantConfig.get();
    const before = await configRow(tenant.tenantId);
    const error = await trpcFailure(
      tenant.caller.tenantConfig.update({
        billingEmail: "not an email",
        billingAddress: { line1: " ", city: "Paris", postalCode: "75001", country: "XX" },
        themePrimaryColor: "red",
        themeLogoUrl: "http://cdn.example.com/logo.png",
        // @ts-expect-error: not a date format
        uiDateFormat: "YYYY.MM.DD",
        uiTimezone: "Atlantis/Capital",
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsOf(error) ?? {}).sort()).toEqual([
      "billingAddress.country",
      "billingAddress.line1",
      "billingEmail",
      "themeLogoUrl",
      "themePrimaryColor",
      "uiDateFormat",
      "uiTimezone",
    ]);

    const cases: { input: Parameters<typeof tenant.caller.tenantConfig.update>[0]; field: string }[] = [
      { input: { themePrimaryColor: "#12345" }, field: "themePrimaryColor" },
      { input: { themeFaviconUrl: "javascript:alert(1)" }, field: "themeFaviconUrl" },
      { input: { themeFaviconUrl: "https://user:secret@example.com/f.ico" }, field: "themeFaviconUrl" },
      { input: { themeLogoUrl: `https://cdn.example.com/${"a".repeat(480)}` }, field: "themeLogoUrl" },
      { input: { themeLogoUrl: "https://localhost/logo.png" }, field: "themeLogoUrl" },
      { input: { uiTimezone: `America/${"x".repeat(50)}` }, field: "uiTimezone" },
      {
        input: { billingAddress: { line1: "1 Main St", city: "Rome", country: "IT" } as never },
        field: "billingAddress.postalCode",
      },
      {
        input: { billingAddress: { line1: "a", city: "b", postalCode: "c", country: "EU" } },
        field: "billingAddress.country",
      },
    ];
    for (const { input, field } of cases) {
      const bad = await trpcFailure(tenant.caller.tenantConfig.update(input));
      expect({ input, code: bad.code, fields: Object.keys(fieldErrorsOf(bad) ?? {}) }).toEqual({
        input,
        code: "BAD_REQUEST",
        fields: [field],
      });
    }
    expect(await configRow(tenant.tenantId)).toEqual(before);
  });

  it("never lets a tenant write stripeCustomerId, its tenant id or timestamps", async () => {
    const tenant = await createTestTenant(database.db);
    const other = await createTestTenant(database.db);
    await tenant.caller.tenantConfig.get();
    await database.db
      .update(schema.tenantConfig)
      .set({ stripeCustomerId: "cus_real" })
      .where(eq(schema.tenantConfig.tenantId, tenant.tenantId));
    const before = await configRow(tenant.tenantId);
    const address = { line1: "1 Main St", city: "Oslo", postalCode: "0150", country: "NO" };
    const attempts: { extra: Record<string, unknown>; path: string; key: string }[] = [
      { extra: { stripeCustomerId: "cus_forged" }, path: "(input)", key: "stripeCustomerId" },
      { extra: { tenantId: other.tenantId }, path: "(input)", key: "tenantId" },
      { extra: { created: new Date(0) }, path: "(input)", key: "created" },
      { extra: { updated: new Date(0) }, path: "(input)", key: "updated" },
      { extra: { billingAddress: { ...address, tenantId: other.tenantId } }, path: "billingAddress", key: "tenantId" },
    ];
    for (const { extra, path, key } of attempts) {
      const error = await trpcFailure(tenant.caller.tenantConfig.update({ uiDateFormat: "MM/DD/YYYY", ...extra }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(fieldErrorsOf(error)).toEqual({ [path]: [`Unrecognized key: "${key}"`] });
    }
    expect(await configRow(tenant.tenantId)).toEqual(before);
    expect(await configRow(other.tenantId)).toEqual([]);
    expect((await tenant.caller.tenantConfig.get()).stripeCustomerId).toBe("cus_real");
  });

  it("lets every member read but only owners and admins update (FORBIDDEN otherwise)", async () => {
    const { a } = await createSecurityFixture(database.db);
    for (const role of ["owner", "admin", "member", "billing"] as const) {
      await expect(as(a.sessions[role]).tenantConfig.get()).resolves.toHaveProperty("uiDateFormat");
    }
    await expect(as(a.readKey).tenantConfig.get()).resolves.toHaveProperty("uiDateFormat");
    const before = await configRow(a.tenantId);
    for (const token of [a.sessions.member, a.sessions.billing, a.readKey]) {
      expect((await trpcFailure(as(token).tenantConfig.update({ uiSidebarDefaultCollapsed: true }))).code).toBe(
        "FORBIDDEN",
      );
    }
    expect(await configRow(a.tenantId)).toEqual(before);
    await as(a.sessions.admin).tenantConfig.update({ uiDateFormat: "DD/MM/YYYY" });
    await as(a.writeKey).tenantConfig.update({ uiSidebarDefaultCollapsed: true });
    expect(await as(a.sessions.member).tenantConfig.get()).toMatchObject({
      uiDateFormat: "DD/MM/YYYY",
      uiSidebarDefaultCollapsed: true,
    });
  });

  it("changes only the caller's tenant", async () => {
    const { a, b } = await createSecurityFixture(database.db);
    const bBefore = await configRow(b.tenantId);
    await as(a.sessions.owner).tenantConfig.update({ themePrimaryColor: "#ff0000", uiTimezone: "Asia/Tokyo" });
    expect(await configRow(b.tenantId)).toEqual(bBefore);
    expect(await as(b.sessions.owner).tenantConfig.get()).toMatchObject({ themePrimaryColor: null, uiTimezone: "UTC" });
  });

  it("answers a stale expectedUpdated with CONFLICT and a current one with the update", async () => {
    const tenant = await createTestTenant(database.db);
    const read = await tenant.caller.tenantConfig.get();
    const first = await tenant.caller.tenantConfig.update({
      uiTimezone: "Europe/Paris",
      expectedUpdated: read.updated,
    });
    const stale = await trpcFailure(
      tenant.caller.tenantConfig.update({ uiTimezone: "Europe/Rome", expectedUpdated: read.updated }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect((await tenant.caller.tenantConfig.get()).uiTimezone).toBe("Europe/Paris");
    await expect(
      tenant.caller.tenantConfig.update({ uiTimezone: "Europe/Rome", expectedUpdated: first.updated }),
    ).resolves.toMatchObject({ uiTimezone: "Europe/Rome" });
  });
});
