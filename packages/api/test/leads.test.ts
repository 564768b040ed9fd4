import {
  createTestPlan,
  createTestTenant,
  subscribe,
  type TestTenant,
  trpcCode,
  useTestDatabase,
} from "@outbound/testing";
import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";

const database = useTestDatabase();
let tenant: TestTenant;

beforeEach(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
});

describe("leads", () => {
  it("creates a lead with a normalised email and reads it back", async () => {
    const created = await tenant.caller.leads.create({ email: "  Ada@Example.COM ", name: "Ada Lovelace" });
    expect(created).toMatchObject({ email: "ada@example.com", name: "Ada Lovelace", status: "new", company: null });
    expect(created.created).toBeInstanceOf(Date);
    expect(await tenant.caller.leads.get({ id: created.id })).toEqual(created);
  });

  it("refuses a second lead with the same email in any case as CONFLICT", async () => {
    await tenant.caller.leads.create({ email: "dup@example.com" });
    expect(await trpcCode(tenant.caller.leads.create({ email: "DUP@example.com" }))).toBe("CONFLICT");
  });

  it("rejects bad input with BAD_REQUEST", async () => {
    expect(await trpcCode(tenant.caller.leads.create({ email: "not-an-email" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.leads.get({ id: "nope" }))).toBe("BAD_REQUEST");
    // @ts-expect-error status outside the enum
    expect(await trpcCode(tenant.caller.leads.create({ email: "x@example.com", status: "vip" }))).toBe("BAD_REQUEST");
  });

  it("pages newest first with a keyset cursor that stays stable while leads are added", async () => {
    for (let i = 0; i < 5; i++) await tenant.caller.leads.create({ email: `p${i}@example.com` });
    const first = await tenant.caller.leads.list({ limit: 2 });
    expect(first.items.map((l) => l.email)).toEqual(["p4@example.com", "p3@example.com"]);
    await tenant.caller.leads.create({ email: "late@example.com" });
    const second = await tenant.caller.leads.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((l) => l.email)).toEqual(["p2@example.com", "p1@example.com"]);
    const third = await tenant.caller.leads.list({ limit: 2, cursor: second.nextCursor ?? undefined });
    expect(third.items.map((l) => l.email)).toEqual(["p0@example.com"]);
    expect(third.nextCursor).toBeNull();
  });

  it("filters by status and searches email, name and company", async () => {
    await tenant.caller.leads.create({ email: "grace@navy.mil", name: "Grace Hopper", status: "replied" });
    await tenant.caller.leads.create({ email: "alan@example.com", company: "Bletchley Park" });
    const replied = await tenant.caller.leads.list({ status: "replied" });
    expect(replied.items.map((l) => l.email)).toEqual(["grace@navy.mil"]);
    expect((await tenant.caller.leads.list({ search: "hopper" })).items).toHaveLength(1);
    expect((await tenant.caller.leads.list({ search: "bletchley" })).items).toHaveLength(1);
    expect((await tenant.caller.leads.list({ search: "100%" })).items).toHaveLength(0);
  });

  it("replays the first result for a repeated idempotency key instead of creating twice", async () => {
    const first = await tenant.caller.leads.create({ email: "once@example.com", idempotencyKey: "import-1" });
    const again = await tenant.caller.leads.create({ email: "once@example.com", idempotencyKey: "import-1" });
    expect(again).toEqual(first);
    expect((await tenant.caller.leads.list({})).items).toHaveLength(1);
    expect(await trpcCode(tenant.caller.leads.create({ email: "other@example.com", idempotencyKey: "import-1" }))).toBe(
      "CONFLICT",
    );
  });

  it("never shows or finds another tenant's leads", async () => {
    const lead = await tenant.caller.leads.create({ email: "mine@example.com" });
    const other = await createTestTenant(database.db, { plan: "scale" });
    expect(await trpcCode(other.caller.leads.get({ id: lead.id }))).toBe("NOT_FOUND");
    expect((await other.caller.leads.list({})).items).toHaveLength(0);
    // The same email is free in another tenant.
    await expect(other.caller.leads.create({ email: "mine@example.com" })).resolves.toBeTruthy();
  });

  it("updates given fields only, clears with null, and normalises a new email", async () => {
    const lead = await tenant.caller.leads.create({ email: "ada@example.com", name: "Ada", company: "AE" });
    const updated = await tenant.caller.leads.update({ id: lead.id, email: " ADA@Lovelace.dev ", company: null });
    expect(updated).toMatchObject({
      id: lead.id,
      email: "ada@lovelace.dev",
      name: "Ada",
      company: null,
      status: "new",
    });
    expect(updated.updated.getTime()).toBeGreaterThanOrEqual(lead.updated.getTime());
    expect(await tenant.caller.leads.get({ id: lead.id })).toEqual(updated);
    const renamed = await tenant.caller.leads.update({ id: lead.id, name: "Ada Lovelace", status: "contacted" });
    expect(renamed).toMatchObject({ email: "ada@lovelace.dev", name: "Ada Lovelace", status: "contacted" });
  });

  it("refuses an email another lead of the tenant has, in any case, as CONFLICT", async () => {
    await tenant.caller.leads.create({ email: "taken@example.com" });
    const lead = await tenant.caller.leads.create({ email: "mine@example.com" });
    expect(await trpcCode(tenant.caller.leads.update({ id: lead.id, email: "TAKEN@example.com" }))).toBe("CONFLICT");
    // Its own email in another case is no clash.
    await expect(tenant.caller.leads.update({ id: lead.id, email: "Mine@Example.com" })).resolves.toMatchObject({
      email: "mine@example.com",
    });
  });

  it("refuses a stale expectedUpdated with CONFLICT and accepts the current one", async () => {
    const lead = await tenant.caller.leads.create({ email: "stale@example.com" });
    const fresh = await tenant.caller.leads.update({ id: lead.id, name: "First", expectedUpdated: lead.updated });
    expect(
      await trpcCode(tenant.caller.leads.update({ id: lead.id, name: "Second", expectedUpdated: lead.updated })),
    ).toBe("CONFLICT");
    await expect(
      tenant.caller.leads.update({ id: lead.id, name: "Second", expectedUpdated: fresh.updated }),
    ).resolves.toMatchObject({ name: "Second" });
  });

  it("sets a status from the allowed list only", async () => {
    const lead = await tenant.caller.leads.create({ email: "status@example.com" });
    for (const status of [
      "contacted",
      "replied",
      "interested",
      "not_interested",
      "bounced",
      "unsubscribed",
      "new",
    ] as const) {
      expect((await tenant.caller.leads.setStatus({ id: lead.id, status })).status).toBe(status);
    }
    // @ts-expect-error status outside the enum
    expect(await trpcCode(tenant.caller.leads.setStatus({ id: lead.id, status: "vip" }))).toBe("BAD_REQUEST");
  });

  it("deletes a lead, after which it is gone and its email free again", async () => {
    const lead = await tenant.caller.leads.create({ email: "gone@example.com" });
    expect(await tenant.caller.leads.delete({ id: lead.id })).toEqual({ id: lead.id });
    expect(await trpcCode(tenant.caller.leads.get({ id: lead.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.leads.delete({ id: lead.id }))).toBe("NOT_FOUND");
    await expect(tenant.caller.leads.create({ email: "gone@example.com" })).resolves.toBeTruthy();
  });

  it("answers NOT_FOUND for another tenant's lead on every write, and leaves it alone", async () => {
    const other = await createTestTenant(database.db, { plan: "scale" });
    const theirs = await other.caller.leads.create({ email: "theirs@example.com", name: "Theirs" });
    await tenant.caller.leads.create({ email: "clash@example.com" });
    expect(await trpcCode(tenant.caller.leads.update({ id: theirs.id, name: "Mine now" }))).toBe("NOT_FOUND");
    // Even with an email that clashes inside the caller's tenant: the missing lead is what counts.
    expect(await trpcCode(tenant.caller.leads.update({ id: theirs.id, email: "clash@example.com" }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.leads.setStatus({ id: theirs.id, status: "bounced" }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.leads.delete({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await other.caller.leads.get({ id: theirs.id })).toEqual(theirs);
  });

  it("lets a read-only key list but not create", async () => {
    const readKey = await tenant.newApiKey("read");
    const { callerFor } = await import("@outbound/testing");
    const reader = callerFor(database.db, `Bearer ${readKey}`);
    await expect(reader.leads.list({})).resolves.toBeTruthy();
    expect(await trpcCode(reader.leads.create({ email: "r@example.com" }))).toBe("FORBIDDEN");
  });

  it("refuses missing, unknown and expired credentials with UNAUTHORIZED", async () => {
    const { callerFor } = await import("@outbound/testing");
    expect(await trpcCode(callerFor(database.db, null).leads.list({}))).toBe("UNAUTHORIZED");
    expect(await trpcCode(callerFor(database.db, "Bearer ob_live_nope").leads.list({}))).toBe("UNAUTHORIZED");
    const expired = await tenant.newApiKey("write", { expires: new Date(Date.now() - 1000) });
    expect(await trpcCode(callerFor(database.db, `Bearer ${expired}`).leads.list({}))).toBe("UNAUTHORIZED");
  });
});

describe("leads.create and the plan", () => {
  it("refuses a lead past max_contacts with PAYMENT_REQUIRED naming the limit, and counts only this tenant", async () => {
    const capped = await createTestTenant(database.db);
    await subscribe(database.db, capped.tenantId, { id: await createTestPlan(database.db, { maxContacts: 2 }) });
    await capped.caller.leads.create({ email: "one@example.com" });
    await capped.caller.leads.create({ email: "two@example.com" });
    const refused = await capped.caller.leads.create({ email: "three@example.com" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("PAYMENT_REQUIRED");
    expect((refused as TRPCError).message).toContain("max_contacts");
    expect((await capped.caller.leads.list({})).items).toHaveLength(2);
    const unsubscribed = await createTestTenant(database.db);
    expect(await trpcCode(unsubscribed.caller.leads.create({ email: "x@example.com" }))).toBe("PAYMENT_REQUIRED");
  });
});
