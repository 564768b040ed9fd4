import { schema } from "@outbound/db";
import {
  createTestTenant,
  subscribe,
  type TestTenant,
  trpcCode,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import { and, asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { detailsOf, sendingSetup, templateFor } from "./campaign-helpers.js";

const database = useTestDatabase();
let tenant: TestTenant;
let setup: Awaited<ReturnType<typeof sendingSetup>>;
let campaignId: string;

beforeEach(async () => {
  tenant = await createTestTenant(database.db);
  setup = await sendingSetup(database.db, tenant.tenantId);
  campaignId = (await tenant.caller.campaigns.create({ companyId: setup.companyId, name: "Steps" })).id;
});

const addWait = (hours: number, position?: number) =>
  tenant.caller.campaigns.steps.add({ campaignId, stepType: "wait", waitDurationHours: hours, position });

/** Orders as stored, read straight from the table. */
async function storedOrders() {
  const rows = await database.db
    .select({ id: schema.campaignSequenceSteps.id, order: schema.campaignSequenceSteps.stepOrder })
    .from(schema.campaignSequenceSteps)
    .where(
      and(
        eq(schema.campaignSequenceSteps.tenantId, tenant.tenantId),
        eq(schema.campaignSequenceSteps.campaignId, campaignId),
      ),
    )
    .orderBy(asc(schema.campaignSequenceSteps.stepOrder));
  return rows;
}

describe("campaigns.steps", () => {
  it("appends, inserts at a position, removes and keeps step_order 1..n", async () => {
    const a = await addWait(1);
    const b = await addWait(2);
    const c = await addWait(3, 1);
    const d = await addWait(4, 3);
    const hours = async () =>
      (await tenant.caller.campaigns.steps.list({ campaignId })).map((s) => s.waitDurationHours);
    expect(await hours()).toEqual([3, 1, 4, 2]);
    expect(await trpcCode(addWait(5, 6))).toBe("BAD_REQUEST");
    await tenant.caller.campaigns.steps.remove({ campaignId, id: a.id });
    expect(await hours()).toEqual([3, 4, 2]);
    expect((await storedOrders()).map((r) => r.order)).toEqual([1, 2, 3]);
    expect((await storedOrders()).map((r) => r.id)).toEqual([c.id, d.id, b.id]);
    expect(await trpcCode(tenant.caller.campaigns.steps.remove({ campaignId, id: a.id }))).toBe("NOT_FOUND");
  });

  it("reorders only by a permutation of the current steps", async () => {
    const [a, b, c] = [await addWait(1), await addWait(2), await addWait(3)];
    const reorder = (stepIds: string[]) => tenant.caller.campaigns.steps.reorder({ campaignId, stepIds });
    expect(await trpcCode(reorder([a.id, b.id]))).toBe("BAD_REQUEST");
    expect(await trpcCode(reorder([a.id, a.id, b.id]))).toBe("BAD_REQUEST");
    expect(await trpcCode(reorder([a.id, b.id, c.id, campaignId]))).toBe("BAD_REQUEST");
    expect((await detailsOf(reorder([a.id, b.id, b.id])))?.fieldErrors?.stepIds).toBeDefined();
    const result = await reorder([c.id, a.id, b.id]);
    expect(result.map((s) => [s.id, s.stepOrder])).toEqual([
      [c.id, 1],
      [a.id, 2],
      [b.id, 3],
    ]);
  });

  it("validates overrides: lengths and a single line", async () => {
    const add = (fields: { subjectOverride?: string; fromNameOverride?: string }) =>
      tenant.caller.campaigns.steps.add({ campaignId, stepType: "email", ...fields });
    expect(await trpcCode(add({ subjectOverride: "Hi\r\nBcc: x@example.test" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(add({ fromNameOverride: "A\nB" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(add({ fromNameOverride: "x".repeat(101) }))).toBe("BAD_REQUEST");
    expect(await trpcCode(add({ subjectOverride: "x".repeat(501) }))).toBe("BAD_REQUEST");
    expect(
      await trpcCode(tenant.caller.campaigns.steps.add({ campaignId, stepType: "email", sendCondition: "opened or" })),
    ).toBe("BAD_REQUEST");
    const ok = await add({ subjectOverride: "Hi {{first_name|there}}", fromNameOverride: "Ada at Engines" });
    expect(ok).toMatchObject({ stepOrder: 1, fromNameOverride: "Ada at Engines" });
  });

  it("refuses another tenant's template and mailbox with NOT_FOUND, and changes nothing", async () => {
    const other = await createTestTenant(database.db);
    const foreignSetup = await sendingSetup(database.db, other.tenantId);
    const foreignTemplate = await templateFor(other);
    const add = (fields: { templateId?: string; emailAccountId?: string }) =>
      tenant.caller.campaigns.steps.add({ campaignId, stepType: "email", ...fields });
    expect((await trpcFailure(add({ templateId: foreignTemplate.id }))).message).toBe("Template not found");
    expect((await trpcFailure(add({ emailAccountId: foreignSetup.mailboxId }))).message).toBe(
      "Email account not found",
    );
    const step = await add({});
    expect(
      await trpcCode(tenant.caller.campaigns.steps.update({ campaignId, id: step.id, templateId: foreignTemplate.id })),
    ).toBe("NOT_FOUND");
    expect(await storedOrders()).toHaveLength(1);
    expect(await trpcCode(other.caller.campaigns.steps.list({ campaignId }))).toBe("NOT_FOUND");
  });

  it("edits steps only while the campaign is draft or paused", async () => {
    await subscribe(database.db, tenant.tenantId, { slug: "scale" });
    const template = await templateFor(tenant);
    const step = await tenant.caller.campaigns.steps.add({
      campaignId,
      stepType: "email",
      templateId: template.id,
      emailAccountId: setup.mailboxId,
    });
    await tenant.caller.campaigns.launch({ id: campaignId });
    const s = tenant.caller.campaigns.steps;
    // One call at a time: a refusal nobody awaits yet would be an unhandled rejection.
    for (const call of [
      () => addWait(1),
      () => s.update({ campaignId, id: step.id, isActive: false }),
      () => s.remove({ campaignId, id: step.id }),
      () => s.reorder({ campaignId, stepIds: [step.id] }),
    ]) {
      expect(await detailsOf(call())).toMatchObject({ status: "active" });
    }
    await tenant.caller.campaigns.pause({ id: campaignId });
    expect((await s.update({ campaignId, id: step.id, fromNameOverride: "Ada" })).fromNameOverride).toBe("Ada");
  });

  it("keeps step_order 1..n under concurrent reorders and adds", async () => {
    const initial: string[] = [];
    for (let i = 1; i <= 5; i++) initial.push((await addWait(i)).id);
    const reorders = Array.from({ length: 10 }, (_, i) =>
      tenant.caller.campaigns.steps.reorder({
        campaignId,
        stepIds: [...initial.slice(i % 5), ...initial.slice(0, i % 5)],
      }),
    );
    const adds = Array.from({ length: 10 }, (_, i) => addWait(10 + i, i % 2 === 0 ? 1 : undefined));
    const results = await Promise.allSettled([...reorders, ...adds]);
    const refused = await Promise.all(
      results
        .flatMap((r) => (r.status === "rejected" ? [r.reason] : []))
        .map((reason) => trpcCode(Promise.reject(reason))),
    );
    expect(refused.every((code) => code === "BAD_REQUEST")).toBe(true);
    expect(results.slice(10).every((r) => r.status === "fulfilled")).toBe(true);
    const orders = await storedOrders();
    expect(orders.map((r) => r.order)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(new Set(orders.map((r) => r.id)).size).toBe(15);
  });
});
