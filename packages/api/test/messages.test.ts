import { createTestTenant, type TestTenant, trpcCode, useTestDatabase } from "@outbound/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { outreachSetup } from "./outreach-helpers.js";

const database = useTestDatabase();
let tenant: TestTenant;
let setup: Awaited<ReturnType<typeof outreachSetup>>;

beforeEach(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
  setup = await outreachSetup(database.db, tenant.tenantId);
});

describe("messages", () => {
  it("lists newest first without bodies, filters, pages, and gets one with its events oldest first", async () => {
    const [step1, , step3] = setup.steps;
    if (!step1 || !step3) throw new Error("steps missing");
    const ada = await setup.enroll("ada@example.test");
    const bob = await setup.enroll("bob@example.test");
    const first = await setup.message(ada, step1.id);
    const second = await setup.message(bob, step1.id, { status: "bounced", smtpResponse: "550 no such user" });
    const third = await setup.message(ada, step3.id, { status: "queued", sentAt: null });
    const now = Date.now();
    await setup.event(ada, "opened", { messageId: first, stepId: step1.id, occurred: new Date(now) });
    await setup.event(ada, "sent", { messageId: first, stepId: step1.id, occurred: new Date(now - 60_000) });

    const all = await tenant.caller.messages.list({});
    expect(all.items.map((m) => m.id)).toEqual([third, second, first]);
    for (const m of all.items) {
      expect(m).not.toHaveProperty("body");
      expect(m).not.toHaveProperty("textBody");
      expect(m).not.toHaveProperty("headers");
    }
    const page = await tenant.caller.messages.list({ limit: 2 });
    expect(page.items.map((m) => m.id)).toEqual([third, second]);
    const rest = await tenant.caller.messages.list({ limit: 2, cursor: page.nextCursor ?? undefined });
    expect(rest).toEqual({ items: [expect.objectContaining({ id: first })], nextCursor: null });

    expect((await tenant.caller.messages.list({ leadId: ada.leadId })).items.map((m) => m.id)).toEqual([third, first]);
    expect((await tenant.caller.messages.list({ status: "bounced" })).items.map((m) => m.id)).toEqual([second]);
    const byCampaign = await tenant.caller.messages.list({
      campaignId: setup.campaignId,
      emailAccountId: setup.mailboxId,
    });
    expect(byCampaign.items).toHaveLength(3);

    const got = await tenant.caller.messages.get({ id: first });
    expect(got).toMatchObject({
      id: first,
      status: "sent",
      subject: "Hello",
      body: "<p>Hello</p>",
      textBody: "Hello",
      headers: { "X-Case": "1" },
      attempts: 1,
      campaignId: setup.campaignId,
      stepId: step1.id,
      leadId: ada.leadId,
      campaignLeadId: ada.campaignLeadId,
      emailAccountId: setup.mailboxId,
    });
    expect(got.events.map((e) => e.type)).toEqual(["sent", "opened"]);
    expect((await tenant.caller.messages.get({ id: second })).smtpResponse).toBe("550 no such user");
  });

  it("refuses bad input", async () => {
    expect(await trpcCode(tenant.caller.messages.list({ status: "lost" as "sent" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.messages.list({ campaignId: "x" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.messages.get({ id: "x" }))).toBe("BAD_REQUEST");
  });

  it("answers NOT_FOUND for another tenant's message and filters", async () => {
    const other = await createTestTenant(database.db);
    const theirs = await outreachSetup(database.db, other.tenantId);
    const lead = await theirs.enroll("x@example.test");
    const step = theirs.steps[0];
    if (!step) throw new Error("step missing");
    const id = await theirs.message(lead, step.id);
    expect(await trpcCode(tenant.caller.messages.get({ id }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.messages.list({ campaignId: theirs.campaignId }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.messages.list({ leadId: lead.leadId }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.messages.list({ emailAccountId: theirs.mailboxId }))).toBe("NOT_FOUND");
    expect((await tenant.caller.messages.list({})).items).toEqual([]);
  });
});
