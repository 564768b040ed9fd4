import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { expectRefused, ISO_DATE, uniqueTag, useRestTenant } from "./rest-fixture.js";

const t = useRestTenant();

async function template(subject = "Hi {{first_name|there}}", content = "Hello {{company|your team}}") {
  const created = await t.api.post("/templates", { name: `Intro ${uniqueTag()}`, subject, content });
  expect(created.status).toBe(200);
  return created.body as { id: string; name: string };
}

async function lead(name: string, company: string) {
  const created = await t.api.post("/leads", { email: `lead-${uniqueTag()}@example.test`, name, company });
  expect(created.status).toBe(200);
  return created.body.id as string;
}

describe("REST template actions", () => {
  it("duplicates a template into the same folders with the same tags", async () => {
    const source = await template();
    const folder = await t.tenant.caller.folders.create({ name: `Folder ${uniqueTag()}` });
    await t.tenant.caller.folders.addTemplate({ folderId: folder.id, templateId: source.id });
    const label = await t.tenant.caller.tags.create({ name: `tag-${uniqueTag()}`, value: "warm" });
    await t.tenant.caller.tags.tagTemplate({ tagId: label.id, templateId: source.id });

    const copy = await t.api.post(`/templates/${source.id}/duplicate`);
    expect(copy.status).toBe(200);
    expect(copy.body).toMatchObject({
      name: `${source.name} (copy)`,
      subject: "Hi {{first_name|there}}",
      folderIds: [folder.id],
      tags: [{ id: label.id, name: label.name, value: "warm" }],
    });
    expect(copy.body.id).not.toBe(source.id);
    expect(copy.body.created).toMatch(ISO_DATE);
    const named = await t.api.post(`/templates/${source.id}/duplicate`, { name: "Second" });
    expect(named.body.name).toBe("Second");

    expectRefused(await t.api.post(`/templates/${source.id}/duplicate`, { name: "" }), 400, "BAD_REQUEST");
    expectRefused(await t.api.post("/templates/not-an-id/duplicate"), 400, "BAD_REQUEST");
    expectRefused(await t.theirs.post(`/templates/${source.id}/duplicate`), 404, "NOT_FOUND");
    expectRefused(await t.readOnly.post(`/templates/${source.id}/duplicate`), 403, "FORBIDDEN");
  });

  it("renders a template for a lead or for given values; read-only keys may render", async () => {
    const source = await template();
    const leadId = await lead("Ada Lovelace", "Analytical Engines");
    const forLead = await t.api.post(`/templates/${source.id}/render`, { leadId });
    expect(forLead.status).toBe(200);
    expect(forLead.body).toEqual({ subject: "Hi Ada", content: "Hello Analytical Engines" });
    const withValues = await t.readOnly.post(`/templates/${source.id}/render`, { values: { first_name: "Grace" } });
    expect(withValues.body).toEqual({ subject: "Hi Grace", content: "Hello your team" });
    expect((await t.api.post(`/templates/${source.id}/render`)).body).toEqual({
      subject: "Hi there",
      content: "Hello your team",
    });

    const strict = await template("Hi {{nickname}}", "Body");
    const unknown = await t.api.post(`/templates/${strict.id}/render`);
    expectRefused(unknown, 400, "BAD_REQUEST");
    expect(unknown.body.error.message).toContain("nickname");
    const badValues = await t.api.post(`/templates/${source.id}/render`, { values: { "not a name": "x" } });
    expectRefused(badValues, 400, "BAD_REQUEST");
    expect(badValues.body.error.fieldErrors).toBeDefined();
    expectRefused(await t.theirs.post(`/templates/${source.id}/render`), 404, "NOT_FOUND");
    expectRefused(await t.api.post(`/templates/${source.id}/render`, { leadId: randomUUID() }), 404, "NOT_FOUND");
  });
});

describe("REST campaign preview", () => {
  it("renders every email step for a lead; another tenant's campaign is 404", async () => {
    const company = await t.api.post("/companies", { name: "Preview", workspaceName: `rest-${uniqueTag()}` });
    const campaign = await t.api.post("/campaigns", { companyId: company.body.id, name: "Preview" });
    const id = campaign.body.id as string;
    const source = await template();
    const first = await t.api.post(`/campaigns/${id}/steps`, { stepType: "email", templateId: source.id });
    await t.api.post(`/campaigns/${id}/steps`, { stepType: "wait", waitDurationHours: 24 });
    const second = await t.api.post(`/campaigns/${id}/steps`, {
      stepType: "email",
      templateId: source.id,
      subjectOverride: "Re: {{first_name|there}}",
    });
    const blank = await t.api.post(`/campaigns/${id}/steps`, { stepType: "email" });
    const leadId = await lead("Alan Turing", "Bletchley");

    const preview = await t.readOnly.get(`/campaigns/${id}/preview?leadId=${leadId}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual([
      expect.objectContaining({ stepId: first.body.id, stepOrder: 1, subject: "Hi Alan", content: "Hello Bletchley" }),
      expect.objectContaining({ stepId: second.body.id, stepOrder: 3, subject: "Re: Alan" }),
      expect.objectContaining({ stepId: blank.body.id, stepOrder: 4, subject: null, content: null }),
    ]);

    expectRefused(await t.api.get(`/campaigns/${id}/preview`), 400, "BAD_REQUEST");
    expectRefused(await t.api.get(`/campaigns/${id}/preview?leadId=nope`), 400, "BAD_REQUEST");
    expectRefused(await t.theirs.get(`/campaigns/${id}/preview?leadId=${leadId}`), 404, "NOT_FOUND");
    expectRefused(await t.api.get(`/campaigns/${id}/preview?leadId=${randomUUID()}`), 404, "NOT_FOUND");
  });
});

describe("REST domain set-primary", () => {
  it("moves the primary flag between a company's domains; hidden from others; read-only keys can't", async () => {
    const company = await t.api.post("/companies", { name: "Primary", workspaceName: `rest-${uniqueTag()}` });
    const companyId = company.body.id as string;
    const one = await t.api.post("/domains", { companyId, domain: `one-${uniqueTag()}.example.test` });
    const two = await t.api.post("/domains", { companyId, domain: `two-${uniqueTag()}.example.test` });
    expect([one.body.isPrimary, two.body.isPrimary]).toEqual([true, false]);

    const moved = await t.api.post(`/domains/${two.body.id}/set-primary`);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: two.body.id, isPrimary: true });
    expect(moved.body.updated).toMatch(ISO_DATE);
    expect(JSON.stringify(moved.body)).not.toMatch(/PRIVATE KEY/);
    expect((await t.api.get(`/domains/${one.body.id}`)).body.isPrimary).toBe(false);

    expectRefused(await t.api.post("/domains/nope/set-primary"), 400, "BAD_REQUEST");
    expectRefused(await t.theirs.post(`/domains/${one.body.id}/set-primary`), 404, "NOT_FOUND");
    expectRefused(await t.readOnly.post(`/domains/${one.body.id}/set-primary`), 403, "FORBIDDEN");
  });
});
