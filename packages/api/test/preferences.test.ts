import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { callerFor, createTestTenant, trpcFailure, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../src/error-mapping.js";

const database = useTestDatabase();

const anonymous = () => callerFor(database.db, null);
const as = (token: string) => callerFor(database.db, `Bearer ${token}`);
const PASSWORD = "correct horse battery";

async function signUp() {
  const email = `prefs-${randomUUID().slice(0, 8)}@example.test`;
  const result = await anonymous().auth.signUp({ email, password: PASSWORD, name: "Pref User", tenantName: "Prefs" });
  return { ...result, email };
}

const preferencesRow = async (userId: string) =>
  database.db.select().from(schema.userPreferences).where(eq(schema.userPreferences.userId, userId));

describe("preferences.get", () => {
  it("returns the defaults sign-up created, and nothing that identifies rows", async () => {
    const { token } = await signUp();
    const prefs = await as(token).preferences.get();
    expect(prefs).toEqual({
      theme: "system",
      language: "en",
      timezone: "UTC",
      emailNotifications: true,
      pushNotifications: false,
      weeklyReports: true,
      marketingEmails: false,
      created: expect.any(Date),
      updated: expect.any(Date),
    });
  });

  it("creates the row with the defaults when the user has none", async () => {
    const { token, user } = await signUp();
    await database.db.delete(schema.userPreferences).where(eq(schema.userPreferences.userId, user.id));
    expect(await preferencesRow(user.id)).toHaveLength(0);
    expect(await as(token).preferences.get()).toMatchObject({ theme: "system", language: "en" });
    expect(await preferencesRow(user.id)).toHaveLength(1);
    await as(token).preferences.get();
    expect(await preferencesRow(user.id)).toHaveLength(1);
  });

  it("refuses an API key with FORBIDDEN: a key has no user", async () => {
    const tenant = await createTestTenant(database.db);
    // One call at a time: a refusal nobody awaits yet would be an unhandled rejection.
    for (const call of [
      () => tenant.caller.preferences.get(),
      () => tenant.caller.preferences.update({ theme: "dark" }),
    ]) {
      const error = await trpcFailure(call());
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toContain("signed-in user");
    }
  });
});

describe("preferences.update", () => {
  it("changes only the given fields, canonicalises language and timezone, and moves updated", async () => {
    const { token } = await signUp();
    const before = await as(token).preferences.get();
    const after = await as(token).preferences.update({
      theme: "dark",
      language: "pt-br",
      timezone: "europe/berlin",
      marketingEmails: true,
    });
    expect(after).toMatchObject({
      theme: "dark",
      language: "pt-BR",
      timezone: "Europe/Berlin",
      marketingEmails: true,
      emailNotifications: true,
      pushNotifications: false,
      weeklyReports: true,
    });
    expect(after.updated.getTime()).toBeGreaterThan(before.updated.getTime());
    expect(await as(token).preferences.get()).toEqual(after);

    const utc = await as(token).preferences.update({ timezone: "utc", language: "EN" });
    expect(utc).toMatchObject({ timezone: "UTC", language: "en", theme: "dark" });
  });

  it("accepts current IANA names the runtime only knows as aliases", async () => {
    const { token } = await signUp();
    for (const timezone of ["Asia/Kolkata", "Europe/Kyiv", "America/Argentina/Buenos_Aires", "Etc/GMT+5"]) {
      expect((await as(token).preferences.update({ timezone })).timezone).toBe(timezone);
    }
  });

  it("refuses bad values with BAD_REQUEST naming every field, and changes nothing", async () => {
    const { token, user } = await signUp();
    const before = await preferencesRow(user.id);
    const error = await trpcFailure(
      as(token).preferences.update({
        // @ts-expect-error: not a theme
        theme: "blue",
        language: "en_US",
        timezone: "Mars/Olympus",
        // @ts-expect-error: not a boolean
        weeklyReports: "yes",
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    const fields = fieldErrorsOf(error);
    expect(Object.keys(fields ?? {}).sort()).toEqual(["language", "theme", "timezone", "weeklyReports"]);
    expect(fields?.language?.[0]).toContain("BCP-47");
    expect(fields?.timezone?.[0]).toContain("IANA");

    for (const input of [
      { language: "en-US-u-ca-gregory" },
      { language: "" },
      { timezone: "+05:30" },
      { timezone: "asia/kolkata" },
      { timezone: `Europe/${"x".repeat(100)}` },
    ]) {
      const bad = await trpcFailure(as(token).preferences.update(input));
      expect({ input, code: bad.code, fields: Object.keys(fieldErrorsOf(bad) ?? {}) }).toEqual({
        input,
        code: "BAD_REQUEST",
        fields: Object.keys(input),
      });
    }
    expect(await preferencesRow(user.id)).toEqual(before);
  });

  it("refuses unknown keys (ids, owner, timestamps) with BAD_REQUEST naming them", async () => {
    const { token, user } = await signUp();
    const other = await signUp();
    const before = await preferencesRow(user.id);
    for (const extra of [
      { userId: other.user.id },
      { id: randomUUID() },
      { created: new Date(0) },
      { updated: new Date(0) },
    ]) {
      const error = await trpcFailure(as(token).preferences.update({ theme: "dark", ...extra } as { theme: "dark" }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(fieldErrorsOf(error)).toEqual({ "(input)": [`Unrecognized key: "${Object.keys(extra)[0]}"`] });
    }
    expect(await preferencesRow(user.id)).toEqual(before);
    expect((await as(other.token).preferences.get()).theme).toBe("system");
  });

  it("is the user's own: another user, even in the same tenant, is untouched, and it follows the user across tenants", async () => {
    const a = await signUp();
    const b = await signUp();
    await database.db
      .insert(schema.tenantUsers)
      .values({ tenantId: a.tenant.id, userId: b.user.id, roles: ["member"], email: b.email });
    const bBefore = await preferencesRow(b.user.id);
    await as(a.token).preferences.update({ theme: "light", weeklyReports: false });
    expect(await preferencesRow(b.user.id)).toEqual(bBefore);

    const bInA = await as(b.token).auth.switchTenant({ tenantId: a.tenant.id });
    await as(bInA.token).preferences.update({ theme: "dark" });
    expect((await as(a.token).preferences.get()).theme).toBe("light");
    const bHome = await anonymous().auth.signIn({ email: b.email, password: PASSWORD, tenantId: b.tenant.id });
    expect((await as(bHome.token).preferences.get()).theme).toBe("dark");
  });

  it("answers a stale expectedUpdated with CONFLICT and a current one with the update", async () => {
    const { token } = await signUp();
    const read = await as(token).preferences.get();
    const first = await as(token).preferences.update({ theme: "dark", expectedUpdated: read.updated });
    const stale = await trpcFailure(as(token).preferences.update({ theme: "light", expectedUpdated: read.updated }));
    expect(stale.code).toBe("CONFLICT");
    expect((await as(token).preferences.get()).theme).toBe("dark");
    const second = await as(token).preferences.update({ theme: "light", expectedUpdated: first.updated });
    expect(second.theme).toBe("light");
  });

  it("returns the current preferences unchanged for an empty update", async () => {
    const { token } = await signUp();
    const read = await as(token).preferences.get();
    expect(await as(token).preferences.update({})).toEqual(read);
    expect(await as(token).preferences.update({ expectedUpdated: read.updated })).toEqual(read);
  });
});
