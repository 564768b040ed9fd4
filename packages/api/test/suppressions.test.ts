import { type Database, schema } from "@outbound/db";
import { createTestTenant, type TestTenant, trpcCode, trpcFailure, useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { suppressAddress } from "../src/services/outreach/suppressions.js";
import { sendingSetup } from "./campaign-helpers.js";

const database = useTestDatabase();
let tenant: TestTenant;

beforeEach(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
});

/** An active campaign of `t` with one enrollment per email, inserted directly; returns enrollment ids by email. */
async function enrolled(db: Database, t: TestTenant, emails: string[], status = "active") {
  const { companyId } = await sendingSetup(db, t.tenantId);
  const [campaign] = await db
    .insert(schema.campaigns)
    .values({ tenantId: t.tenantId, companyId, name: "Supp", status: "active" })
    .returning({ id: schema.campaigns.id });
  if (!campaign) throw new Error("campaign insert returned nothing");
  const byEmail: Record<string, string> = {};
  for (const email of emails) {
    const [lead] = await db
      .insert(schema.leads)
      .values({ tenantId: t.tenantId, email })
      .returning({ id: schema.leads.id });
    if (!lead) throw new Error("lead insert returned nothing");
    const [e] = await db
      .insert(schema.campaignLeads)
      .values({ tenantId: t.tenantId, campaignId: campaign.id, leadId: lead.id, status, nextActionAt: new Date() })
      .returning({ id: schema.campaignLeads.id });
    if (!e) throw new Error("enrollment insert returned nothing");
    byEmail[email] = e.id;
  }
  return byEmail;
}

const enrollment = async (t: TestTenant, id: string | undefined) => {
  const [row] = await database.db
    .select({
      status: schema.campaignLeads.status,
      finishedReason: schema.campaignLeads.finishedReason,
      nextActionAt: schema.campaignLeads.nextActionAt,
      finished: schema.campaignLeads.finished,
    })
    .from(schema.campaignLeads)
    .where(and(eq(schema.campaignLeads.tenantId, t.tenantId), eq(schema.campaignLeads.id, id ?? "")));
  return row;
};

describe("suppressions", () => {
  it("adds, lists, searches and removes; an existing value returns the existing row", async () => {
    const s = tenant.caller.suppressions;
    const first = await s.add({ value: "  Ada@Example.TEST " });
    expect(first).toMatchObject({ value: "ada@example.test", reason: "manual", alreadySuppressed: false });
    const again = await s.add({ value: "ada@example.test", reason: "bounced" });
    expect(again).toMatchObject({ id: first.id, reason: "manual", alreadySuppressed: true });
    const domain = await s.add({ value: "@Spam.test", reason: "complained" });
    expect(domain.value).toBe("@spam.test");

    const page = await s.list({ limit: 1 });
    expect(page.items.map((i) => i.id)).toEqual([domain.id]);
    expect((await s.list({ cursor: page.nextCursor ?? undefined })).items.map((i) => i.id)).toEqual([first.id]);
    expect((await s.list({ search: "SPAM" })).items.map((i) => i.value)).toEqual(["@spam.test"]);

    expect(await s.remove({ id: first.id })).toMatchObject({ id: first.id, value: "ada@example.test" });
    expect(await trpcCode(s.remove({ id: first.id }))).toBe("NOT_FOUND");
  });

  it("replays an idempotency key", async () => {
    const one = await tenant.caller.suppressions.add({ value: "x@example.test", idempotencyKey: "supp-1" });
    const two = await tenant.caller.suppressions.add({ value: "x@example.test", idempotencyKey: "supp-1" });
    expect(two).toEqual(one);
  });

  it("refuses bad values and reasons with field errors", async () => {
    for (const value of ["not an address", "@", "@not a domain", "", "a@b@c"]) {
      const failure = await trpcFailure(tenant.caller.suppressions.add({ value }));
      expect({ value, code: failure.code }).toEqual({ value, code: "BAD_REQUEST" });
    }
    const reason = "spam" as "manual";
    expect(await trpcCode(tenant.caller.suppressions.add({ value: "a@example.test", reason }))).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.suppressions.remove({ id: "nope" }))).toBe("BAD_REQUEST");
  });

  it("another tenant's suppression is NOT_FOUND and stays", async () => {
    const other = await createTestTenant(database.db);
    const theirs = await other.caller.suppressions.add({ value: "theirs@example.test" });
    expect(await trpcCode(tenant.caller.suppressions.remove({ id: theirs.id }))).toBe("NOT_FOUND");
    expect((await tenant.caller.suppressions.list({})).items).toEqual([]);
    expect((await other.caller.suppressions.list({})).items).toHaveLength(1);
  });

  it("ends the matching active and paused enrollments of the tenant, and no others", async () => {
    const mine = await enrolled(database.db, tenant, ["a@block.test", "b@block.test", "c@keep.test"]);
    const paused = await enrolled(database.db, tenant, ["p@block.test"], "paused");
    const done = await enrolled(database.db, tenant, ["d@block.test"], "replied");
    const other = await createTestTenant(database.db);
    const theirs = await enrolled(database.db, other, ["a@block.test"]);

    const added = await tenant.caller.suppressions.add({ value: "@block.test" });
    expect(added.enrollmentsEnded).toBe(3);
    expect(await enrollment(tenant, mine["a@block.test"])).toMatchObject({
      status: "finished",
      finishedReason: "suppressed: manual",
      nextActionAt: null,
      finished: expect.any(Date),
    });
    expect(await enrollment(tenant, paused["p@block.test"])).toMatchObject({ status: "finished" });
    expect(await enrollment(tenant, mine["c@keep.test"])).toMatchObject({ status: "active", finishedReason: null });
    expect(await enrollment(tenant, done["d@block.test"])).toMatchObject({ status: "replied", finishedReason: null });
    expect(await enrollment(other, theirs["a@block.test"])).toMatchObject({ status: "active" });
  });

  it("suppressAddress marks enrollments unsubscribed or bounced by reason, inside a caller's transaction", async () => {
    const e = await enrolled(database.db, tenant, ["Un@Example.test", "bo@example.test"]);
    await database.db.transaction(async (tx) => {
      await suppressAddress(tx, { tenantId: tenant.tenantId, value: "un@example.test", reason: "unsubscribed" });
      await suppressAddress(tx, { tenantId: tenant.tenantId, value: "BO@example.test", reason: "bounced" });
    });
    expect(await enrollment(tenant, e["Un@Example.test"])).toMatchObject({
      status: "unsubscribed",
      finishedReason: "suppressed: unsubscribed",
    });
    expect(await enrollment(tenant, e["bo@example.test"])).toMatchObject({
      status: "bounced",
      finishedReason: "suppressed: bounced",
    });
    await expect(
      database.db.transaction(async (tx) => {
        await suppressAddress(tx, { tenantId: tenant.tenantId, value: "rollback@example.test", reason: "manual" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await tenant.caller.suppressions.list({ search: "rollback" })).items).toEqual([]);
  });
});
