import { newId, schema } from "@outbound/db";
import {
  callerFor,
  createTestTenant,
  type TestTenant,
  trpcCode,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../src/errors.js";

const database = useTestDatabase();
let tenant: TestTenant;

beforeEach(async () => {
  tenant = await createTestTenant(database.db, { plan: "scale" });
});

const detailsOf = async (promise: Promise<unknown>) => {
  const cause = (await trpcFailure(promise)).cause;
  return cause instanceof DomainError ? cause.details : undefined;
};

const template = (t: TestTenant, overrides: { name?: string; subject?: string; content?: string } = {}) =>
  t.caller.templates.create({
    name: overrides.name ?? "Intro",
    subject: overrides.subject ?? "{Quick question|A thought} for {{company|your team}}",
    content: overrides.content ?? "{Hi|Hello|Hey} {{first_name|there}},\n\nWe help {{company|teams like yours}}.",
  });

/** A campaign of the tenant with one step that uses the template, inserted directly. */
async function campaignUsing(tenantId: string, templateId: string, name: string) {
  const [company] = await database.db
    .insert(schema.companies)
    .values({ tenantId, name: "Acme", workspaceName: `tpl-${newId()}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  const [campaign] = await database.db
    .insert(schema.campaigns)
    .values({ tenantId, companyId: company.id, name })
    .returning({ id: schema.campaigns.id });
  if (!campaign) throw new Error("campaign insert returned nothing");
  await database.db
    .insert(schema.campaignSequenceSteps)
    .values({ tenantId, campaignId: campaign.id, stepOrder: 1, stepType: "email", templateId });
  return campaign.id;
}

describe("templates CRUD", () => {
  it("creates a template and reads it back with its (empty) folders and tags", async () => {
    const created = await template(tenant);
    expect(created).toMatchObject({ name: "Intro", isStarted: false });
    expect(created.created).toBeInstanceOf(Date);
    expect(await tenant.caller.templates.get({ id: created.id })).toEqual({ ...created, folderIds: [], tags: [] });
    const started = await tenant.caller.templates.create({ name: "S", subject: "S", content: "C", isStarted: true });
    expect(started.isStarted).toBe(true);
  });

  it("refuses a template whose braces don't balance, naming the field and the place", async () => {
    const error = await trpcFailure(template(tenant, { content: "Hi {there|you" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.cause).toMatchObject({
      details: { fieldErrors: { content: ['unbalanced braces: the "{" at line 1, column 4 is never closed'] } },
    });
    expect(await trpcCode(template(tenant, { subject: "{{first name}}" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.templates.create({ name: "", subject: "s", content: "c" }))).toBe(
      "BAD_REQUEST",
    );
  });

  it("replays a create for a repeated idempotency key", async () => {
    const input = { name: "Once", subject: "s", content: "c", idempotencyKey: "tpl-1" };
    const first = await tenant.caller.templates.create(input);
    expect(await tenant.caller.templates.create(input)).toEqual(first);
    expect((await tenant.caller.templates.list({})).items).toHaveLength(1);
  });

  it("pages newest first with a stable keyset cursor", async () => {
    for (const name of ["a", "b", "c"]) await template(tenant, { name });
    const first = await tenant.caller.templates.list({ limit: 2 });
    expect(first.items.map((t) => t.name)).toEqual(["c", "b"]);
    await template(tenant, { name: "late" });
    const second = await tenant.caller.templates.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second).toMatchObject({ items: [{ name: "a" }], nextCursor: null });
  });

  it("lists by folder and by tag, and refuses another tenant's folder or tag as NOT_FOUND", async () => {
    const [a, b, c] = [
      await template(tenant, { name: "a" }),
      await template(tenant, { name: "b" }),
      await template(tenant, { name: "c" }),
    ];
    const folder = await tenant.caller.folders.create({ name: "Q3" });
    const tag = await tenant.caller.tags.create({ name: "warm" });
    await tenant.caller.folders.addTemplate({ folderId: folder.id, templateId: a.id });
    await tenant.caller.folders.addTemplate({ folderId: folder.id, templateId: b.id });
    await tenant.caller.tags.tagTemplate({ tagId: tag.id, templateId: b.id });
    await tenant.caller.tags.tagTemplate({ tagId: tag.id, templateId: c.id });
    const names = async (filter: { folderId?: string; tagId?: string }) =>
      (await tenant.caller.templates.list(filter)).items.map((t) => t.name);
    expect(await names({ folderId: folder.id })).toEqual(["b", "a"]);
    expect(await names({ tagId: tag.id })).toEqual(["c", "b"]);
    expect(await names({ folderId: folder.id, tagId: tag.id })).toEqual(["b"]);

    const other = await createTestTenant(database.db, { plan: "scale" });
    const theirFolder = await other.caller.folders.create({ name: "Theirs" });
    const theirTag = await other.caller.tags.create({ name: "theirs" });
    expect(await trpcCode(tenant.caller.templates.list({ folderId: theirFolder.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.templates.list({ tagId: theirTag.id }))).toBe("NOT_FOUND");
  });

  it("updates given fields, checks their syntax, and refuses a stale expectedUpdated", async () => {
    const created = await template(tenant);
    const updated = await tenant.caller.templates.update({
      id: created.id,
      subject: "New {a|b}",
      expectedUpdated: created.updated,
    });
    expect(updated).toMatchObject({ name: "Intro", subject: "New {a|b}", content: created.content });
    expect(
      await trpcCode(
        tenant.caller.templates.update({ id: created.id, content: "x", expectedUpdated: created.updated }),
      ),
    ).toBe("CONFLICT");
    expect(await trpcCode(tenant.caller.templates.update({ id: created.id, content: "x }" }))).toBe("BAD_REQUEST");
    expect((await tenant.caller.templates.update({ id: created.id, isStarted: true })).isStarted).toBe(true);
  });

  it("deletes a template with its folder and tag links, the folders and tags staying", async () => {
    const created = await template(tenant);
    const folder = await tenant.caller.folders.create({ name: "F" });
    const tag = await tenant.caller.tags.create({ name: "t" });
    await tenant.caller.folders.addTemplate({ folderId: folder.id, templateId: created.id });
    await tenant.caller.tags.tagTemplate({ tagId: tag.id, templateId: created.id });
    expect(await tenant.caller.templates.delete({ id: created.id })).toEqual({ id: created.id });
    expect(await trpcCode(tenant.caller.templates.get({ id: created.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.templates.delete({ id: created.id }))).toBe("NOT_FOUND");
    expect((await tenant.caller.folders.list({})).items).toHaveLength(1);
    const links = await database.db
      .select()
      .from(schema.templateFolders)
      .where(eq(schema.templateFolders.tenantId, tenant.tenantId));
    expect(links).toHaveLength(0);
  });

  it("refuses to delete a template a campaign step uses, naming the campaigns", async () => {
    const used = await template(tenant);
    const campaignB = await campaignUsing(tenant.tenantId, used.id, "Spring outreach");
    await campaignUsing(tenant.tenantId, used.id, "Autumn outreach");
    const error = await trpcFailure(tenant.caller.templates.delete({ id: used.id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("Autumn outreach, Spring outreach");
    expect(await detailsOf(tenant.caller.templates.delete({ id: used.id }))).toEqual({
      blockers: ["Autumn outreach", "Spring outreach"],
    });
    await database.db
      .delete(schema.campaigns)
      .where(and(eq(schema.campaigns.tenantId, tenant.tenantId), eq(schema.campaigns.id, campaignB)));
    expect(await detailsOf(tenant.caller.templates.delete({ id: used.id }))).toEqual({ blockers: ["Autumn outreach"] });
  });

  it("duplicates a template with its folders and tags", async () => {
    const source = await template(tenant, { name: "Original" });
    await tenant.caller.templates.update({ id: source.id, isStarted: true });
    const [f1, f2] = [
      await tenant.caller.folders.create({ name: "F1" }),
      await tenant.caller.folders.create({ name: "F2" }),
    ];
    const tag = await tenant.caller.tags.create({ name: "hot", value: "1" });
    for (const folder of [f1, f2])
      await tenant.caller.folders.addTemplate({ folderId: folder.id, templateId: source.id });
    await tenant.caller.tags.tagTemplate({ tagId: tag.id, templateId: source.id });

    const copy = await tenant.caller.templates.duplicate({ id: source.id });
    expect(copy.id).not.toBe(source.id);
    expect(copy).toMatchObject({
      name: "Original (copy)",
      subject: source.subject,
      content: source.content,
      isStarted: true,
      folderIds: [f1.id, f2.id],
      tags: [{ id: tag.id, name: "hot", value: "1" }],
    });
    expect(await tenant.caller.templates.get({ id: copy.id })).toEqual(copy);
    // The source keeps its links.
    expect((await tenant.caller.templates.get({ id: source.id })).folderIds).toEqual([f1.id, f2.id]);

    expect((await tenant.caller.templates.duplicate({ id: source.id, name: "Named" })).name).toBe("Named");
    const long = await template(tenant, { name: "x".repeat(100) });
    const longCopy = await tenant.caller.templates.duplicate({ id: long.id });
    expect(longCopy.name).toHaveLength(100);
    expect(longCopy.name.endsWith(" (copy)")).toBe(true);
  });

  it("answers NOT_FOUND for another tenant's template everywhere, and leaves it alone", async () => {
    const other = await createTestTenant(database.db, { plan: "scale" });
    const theirs = await template(other);
    expect(await trpcCode(tenant.caller.templates.get({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.templates.update({ id: theirs.id, name: "Mine" }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.templates.delete({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.templates.duplicate({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.templates.render({ id: theirs.id }))).toBe("NOT_FOUND");
    expect(await other.caller.templates.get({ id: theirs.id })).toMatchObject({ name: "Intro" });
    expect((await other.caller.templates.list({})).items).toHaveLength(1);
  });

  it("lets a read-only key list, get and render but not write", async () => {
    const created = await template(tenant);
    const reader = callerFor(database.db, `Bearer ${await tenant.newApiKey("read")}`);
    await expect(reader.templates.list({})).resolves.toBeTruthy();
    await expect(reader.templates.render({ id: created.id })).resolves.toBeTruthy();
    expect(await trpcCode(reader.templates.create({ name: "n", subject: "s", content: "c" }))).toBe("FORBIDDEN");
    expect(await trpcCode(reader.templates.duplicate({ id: created.id }))).toBe("FORBIDDEN");
  });
});

describe("templates.render", () => {
  const lead = (t: TestTenant, email: string, name: string | undefined, company?: string) =>
    t.caller.leads.create({ email, name, company });

  it("fills a lead's variables, with fallbacks where the lead has no value", async () => {
    const created = await tenant.caller.templates.create({
      name: "Vars",
      subject: "For {{first_name|you}} at {{company|your company}}",
      content: "{{email}} / {{name}} / {{first_name}} / {{last_name}} / {{company|-}}",
    });
    const ada = await lead(tenant, "ada@example.com", "Ada King Lovelace", "Analytical");
    expect(await tenant.caller.templates.render({ id: created.id, leadId: ada.id })).toEqual({
      subject: "For Ada at Analytical",
      content: "ada@example.com / Ada King Lovelace / Ada / King Lovelace / Analytical",
    });
    const anon = await lead(tenant, "anon@example.com", undefined);
    expect(await tenant.caller.templates.render({ id: created.id, leadId: anon.id })).toEqual({
      subject: "For you at your company",
      content: "anon@example.com /  /  /  / -",
    });
  });

  it("gives one lead the same spintax choices every time, and varies across leads", async () => {
    const created = await tenant.caller.templates.create({
      name: "Spin",
      subject: "{A|B|C|D}",
      content: "{Hi|Hello|Hey|Greetings} {{first_name}}, {short|quick|brief} {note|question|idea}",
    });
    const leads = [];
    for (let i = 0; i < 12; i++) leads.push(await lead(tenant, `spin-${i}@example.com`, `Person${i} X`));
    const texts = [];
    for (const l of leads) {
      const first = await tenant.caller.templates.render({ id: created.id, leadId: l.id });
      expect(await tenant.caller.templates.render({ id: created.id, leadId: l.id })).toEqual(first);
      texts.push(first.content.replace(/Person\d+/, "P"));
    }
    expect(new Set(texts).size).toBeGreaterThan(1);
  });

  it("takes custom values, which override the lead's, and renders from values alone", async () => {
    const created = await tenant.caller.templates.create({
      name: "Custom",
      subject: "Re: {{topic}}",
      content: "Hi {{first_name}}, about {{topic}}",
    });
    const ada = await lead(tenant, "ada@example.com", "Ada Lovelace");
    expect(
      await tenant.caller.templates.render({
        id: created.id,
        leadId: ada.id,
        values: { topic: "engines", first_name: "Countess" },
      }),
    ).toEqual({ subject: "Re: engines", content: "Hi Countess, about engines" });
    expect(await tenant.caller.templates.render({ id: created.id, values: { topic: "t", first_name: "F" } })).toEqual({
      subject: "Re: t",
      content: "Hi F, about t",
    });
  });

  it("refuses unknown variables without a fallback with BAD_REQUEST naming them by field", async () => {
    const created = await tenant.caller.templates.create({
      name: "Unknown",
      subject: "{{topic}}",
      content: "{Hi {{nickname}}|Hello} {{first_name}} {{missing|ok}}",
    });
    const ada = await lead(tenant, "ada@example.com", "Ada");
    const error = await trpcFailure(tenant.caller.templates.render({ id: created.id, leadId: ada.id }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("topic, nickname");
    expect(error.cause).toMatchObject({
      details: {
        fieldErrors: {
          subject: ["unknown variable {{topic}} without a fallback"],
          content: ["unknown variable {{nickname}} without a fallback"],
        },
      },
    });
    // Without a lead, the lead's variables are unknown too.
    expect(
      await trpcCode(tenant.caller.templates.render({ id: created.id, values: { topic: "t", nickname: "n" } })),
    ).toBe("BAD_REQUEST");
  });

  it("escapes values in HTML content, not in the subject", async () => {
    const created = await tenant.caller.templates.create({
      name: "Html",
      subject: "For {{company}}",
      content: "<p>Hello {{name}} at {{company}}</p>",
    });
    const l = await lead(tenant, "x@example.com", "<script>alert(1)</script>", "Smith & Sons");
    expect(await tenant.caller.templates.render({ id: created.id, leadId: l.id })).toEqual({
      subject: "For Smith & Sons",
      content: "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; at Smith &amp; Sons</p>",
    });
  });

  it("answers NOT_FOUND for a missing lead or another tenant's lead, and BAD_REQUEST for bad values", async () => {
    const created = await template(tenant);
    const other = await createTestTenant(database.db, { plan: "scale" });
    const theirLead = await lead(other, "theirs@example.com", "Theirs");
    expect(await trpcCode(tenant.caller.templates.render({ id: created.id, leadId: theirLead.id }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.templates.render({ id: created.id, leadId: newId() }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.templates.render({ id: created.id, values: { "not a name": "x" } }))).toBe(
      "BAD_REQUEST",
    );
  });
});
