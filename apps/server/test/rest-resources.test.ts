import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { createTestTenant, sessionFor, type TestTenant, useTestDatabase } from "@outbound/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ISO_DATE, type RestClient, type RestServer, restClient, startRestServer } from "./rest-fixture.js";

const database = useTestDatabase();
let server: RestServer;
let tenant: TestTenant;
let api: RestClient;
/** Another tenant's key, for the 404s; a read-only key of ours, for the 403s. */
let theirs: RestClient;
let readOnly: RestClient;

beforeAll(async () => {
  server = await startRestServer(database.db);
  tenant = await createTestTenant(database.db, { plan: "scale" });
  api = restClient(server.base, tenant.apiKey);
  theirs = restClient(server.base, (await createTestTenant(database.db, { plan: "scale" })).apiKey);
  readOnly = restClient(server.base, await tenant.newApiKey("read"));
});
afterAll(() => server.close());

const tag = () => randomUUID().slice(0, 8);

/** Our row is NOT_FOUND to another tenant on every verb. */
async function expectHiddenFromOthers(path: string, patch?: unknown) {
  const answers = [await theirs.get(path), await theirs.delete(path)];
  if (patch !== undefined) answers.push(await theirs.patch(path, patch));
  for (const answer of answers) {
    expect(answer.status, path).toBe(404);
    expect(answer.body.error.code).toBe("NOT_FOUND");
  }
}

async function company() {
  const created = await api.post("/companies", { name: "Globex", workspaceName: `rest-${tag()}` });
  expect(created.status).toBe(200);
  return created.body.id as string;
}

describe("REST companies", () => {
  it("create, get, list, update, delete; hidden from others; read-only keys can't write", async () => {
    const id = await company();
    const got = await api.get(`/companies/${id}`);
    expect(got.body).toMatchObject({ id, name: "Globex" });
    expect(got.body.created).toMatch(ISO_DATE);
    expect((await api.get("/companies?limit=200")).body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await api.patch(`/companies/${id}`, { name: "Globex 2" })).body.name).toBe("Globex 2");
    await expectHiddenFromOthers(`/companies/${id}`, { name: "Mine" });
    expect((await readOnly.patch(`/companies/${id}`, { name: "x" })).status).toBe(403);
    const bad = await api.post("/companies", { name: "", workspaceName: "Not valid!" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors).toHaveProperty("name");
    expect((await api.delete(`/companies/${id}`)).body.id).toBe(id);
  });
});

describe("REST templates", () => {
  it("create, get, list, update, delete; hidden from others; bad input is 400", async () => {
    const created = await api.post("/templates", { name: "Hello", subject: "Hi {{first_name}}", content: "Body" });
    expect(created.status).toBe(200);
    const id = created.body.id;
    expect(created.body.updated).toMatch(ISO_DATE);
    expect((await api.get(`/templates/${id}`)).body).toMatchObject({ id, folderIds: [], tags: [] });
    expect((await api.get("/templates")).body.items.map((t: { id: string }) => t.id)).toContain(id);
    const updated = await api.patch(`/templates/${id}`, { subject: "Hey", expectedUpdated: created.body.updated });
    expect(updated.body.subject).toBe("Hey");
    await expectHiddenFromOthers(`/templates/${id}`, { name: "Mine" });
    expect((await readOnly.post("/templates", { name: "x", subject: "y", content: "z" })).status).toBe(403);
    const bad = await api.post("/templates", { name: "Broken", subject: "Hi {{", content: "" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("BAD_REQUEST");
    expect((await api.delete(`/templates/${id}`)).body).toEqual({ id });
  });
});

describe("REST domains and email accounts", () => {
  it("domains: create with DNS records, get, list, update, delete", async () => {
    const companyId = await company();
    const created = await api.post("/domains", { companyId, domain: `d-${tag()}.example.test` });
    expect(created.status).toBe(200);
    const id = created.body.id;
    expect(created.body.dnsRecords.map((r: { purpose: string }) => r.purpose).sort()).toEqual(
      ["dkim", "dmarc", "mx", "ownership", "spf"].sort(),
    );
    expect(JSON.stringify(created.body)).not.toMatch(/PRIVATE KEY/);
    expect((await api.get(`/domains/${id}`)).body).toMatchObject({ id, ipAssignment: null, verified: null });
    expect((await api.get(`/domains?companyId=${companyId}`)).body.items).toHaveLength(1);
    const updated = await api.patch(`/domains/${id}`, { mailuDomain: "mail.example.test" });
    expect(updated.body.mailuDomain).toBe("mail.example.test");
    await expectHiddenFromOthers(`/domains/${id}`, { mailuDomain: null });
    expect((await theirs.post(`/domains/${id}/verify`)).status).toBe(404);
    expect((await readOnly.post(`/domains/${id}/verify`)).status).toBe(403);
    const bad = await api.post("/domains", { companyId, domain: "not a domain" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors).toHaveProperty("domain");
    expect((await api.delete(`/domains/${id}`)).body.id).toBe(id);
  });

  it("email accounts: create, get, list, update, delete; passwords never come back", async () => {
    const companyId = await company();
    const domain = await api.post("/domains", { companyId, domain: `m-${tag()}.example.test` });
    const created = await api.post("/email-accounts", {
      domainId: domain.body.id,
      email: `sales@${domain.body.domain}`,
      smtp: { host: "smtp.example.test", port: 465, security: "ssl", username: "sales", password: "hunter2-secret" },
    });
    expect(created.status).toBe(200);
    const id = created.body.id;
    expect(created.body).toMatchObject({ hasSmtpPassword: true, hasImapPassword: false, imapSettings: null });
    expect(JSON.stringify(created.body)).not.toContain("hunter2-secret");
    expect((await api.get(`/email-accounts/${id}`)).body).toMatchObject({ id, inbound: null });
    expect((await api.get(`/email-accounts?domainId=${domain.body.id}`)).body.items).toHaveLength(1);
    const updated = await api.patch(`/email-accounts/${id}`, { dailyCap: 25 });
    expect(updated.body.dailyCap).toBe(25);
    await expectHiddenFromOthers(`/email-accounts/${id}`, { dailyCap: 1 });
    expect((await readOnly.delete(`/email-accounts/${id}`)).status).toBe(403);
    const bad = await api.post("/email-accounts", { domainId: domain.body.id, email: "x", smtp: { port: 0 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fieldErrors)).toEqual(expect.arrayContaining(["email"]));
    expect((await api.delete(`/email-accounts/${id}`)).body).toEqual({ id, deleted: true });
  });
});

describe("REST messages", () => {
  it("lists and gets the tenant's messages with ISO dates and events", async () => {
    const companyId = await company();
    const domain = await api.post("/domains", { companyId, domain: `msg-${tag()}.example.test` });
    const mailbox = await api.post("/email-accounts", {
      domainId: domain.body.id,
      email: `out@${domain.body.domain}`,
      smtp: { host: "smtp.example.test", port: 587, security: "starttls", username: "out", password: "pw" },
    });
    const campaign = await api.post("/campaigns", { companyId, name: "Sent" });
    const step = await api.post(`/campaigns/${campaign.body.id}/steps`, { stepType: "email" });
    const lead = await api.post("/leads", { email: `to-${tag()}@example.test` });
    await api.post(`/campaigns/${campaign.body.id}/leads`, { leadIds: [lead.body.id] });
    const enrollment = (await api.get(`/campaigns/${campaign.body.id}/leads`)).body.items[0];
    // What the engine records when it sends: inserted directly, for this tenant only.
    const sentAt = new Date("2026-01-02T03:04:05.000Z");
    const [message] = await database.db
      .insert(schema.messages)
      .values({
        tenantId: tenant.tenantId,
        campaignId: campaign.body.id,
        stepId: step.body.id,
        leadId: lead.body.id,
        campaignLeadId: enrollment.id,
        emailAccountId: mailbox.body.id,
        messageId: `<${tag()}@${domain.body.domain}>`,
        fromEmail: mailbox.body.email,
        toEmail: lead.body.email,
        subject: "Hello",
        body: "<p>Hello</p>",
        textBody: "Hello",
        headers: { "X-Case": "rest" },
        status: "sent",
        attempts: 1,
        sentAt,
      })
      .returning({ id: schema.messages.id });
    if (!message) throw new Error("message insert returned nothing");
    await database.db.insert(schema.emailEvents).values({
      tenantId: tenant.tenantId,
      messageId: message.id,
      leadId: lead.body.id,
      campaignId: campaign.body.id,
      campaignLeadId: enrollment.id,
      stepId: step.body.id,
      type: "opened",
      occurred: sentAt,
      data: { via: "test" },
    });
    const listed = await api.get(`/messages?campaignId=${campaign.body.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ id: message.id, sentAt: "2026-01-02T03:04:05.000Z" });
    expect(listed.body.items[0]).not.toHaveProperty("body");
    const got = await api.get(`/messages/${message.id}`);
    expect(got.body).toMatchObject({
      headers: { "X-Case": "rest" },
      textBody: "Hello",
      events: [{ type: "opened", occurred: "2026-01-02T03:04:05.000Z", data: { via: "test" } }],
    });
    expect((await theirs.get(`/messages/${message.id}`)).status).toBe(404);
    expect((await api.get("/messages?status=exploded")).status).toBe(400);
  });
});

describe("REST suppressions", () => {
  it("adds, lists and removes; hidden from others; read-only keys can't write", async () => {
    const value = `nobody-${tag()}@example.test`;
    const added = await api.post("/suppressions", { value });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ value, reason: "manual", alreadySuppressed: false, enrollmentsEnded: 0 });
    expect(added.body.created).toMatch(ISO_DATE);
    expect((await api.post("/suppressions", { value })).body.alreadySuppressed).toBe(true);
    expect((await api.get(`/suppressions?search=${encodeURIComponent(value)}`)).body.items).toHaveLength(1);
    expect((await theirs.delete(`/suppressions/${added.body.id}`)).status).toBe(404);
    expect((await readOnly.post("/suppressions", { value: "@example.org" })).status).toBe(403);
    expect((await api.post("/suppressions", { value: "not an address" })).status).toBe(400);
    expect((await api.delete(`/suppressions/${added.body.id}`)).body.id).toBe(added.body.id);
  });
});

describe("REST webhooks", () => {
  it("creates (secret once), gets, lists, updates and deletes", async () => {
    const created = await api.post("/webhooks", {
      url: "https://hooks.example.test/outbound",
      events: ["lead.replied", "message.sent"],
    });
    expect(created.status).toBe(200);
    const id = created.body.id;
    expect(created.body.secret).toEqual(expect.any(String));
    expect(created.body.events).toEqual(["message.sent", "lead.replied"]);
    const got = await api.get(`/webhooks/${id}`);
    expect(got.body).not.toHaveProperty("secret");
    expect(got.body.created).toMatch(ISO_DATE);
    expect((await api.get("/webhooks")).body.items.map((w: { id: string }) => w.id)).toContain(id);
    expect((await api.patch(`/webhooks/${id}`, { description: "CRM" })).body.description).toBe("CRM");
    await expectHiddenFromOthers(`/webhooks/${id}`, { description: "Mine" });
    expect((await readOnly.delete(`/webhooks/${id}`)).status).toBe(403);
    const bad = await api.post("/webhooks", { url: "http://127.0.0.1/hook", events: ["nope"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fieldErrors).toHaveProperty("events.0");
    expect((await api.delete(`/webhooks/${id}`)).body).toEqual({ id, deleted: true });
  });
});

describe("REST billing usage", () => {
  // Billing is the owner's or the billing role's (CONTRACT.md, Access); API keys act as admin, so
  // the owner's session token (also a Bearer credential) reads it and an API key is refused.
  it("answers every plan limit with used and allowed to the owner; API keys are FORBIDDEN", async () => {
    const owner = restClient(server.base, await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId));
    const usage = await owner.get("/billing/usage");
    expect(usage.status).toBe(200);
    expect(usage.body.plan).toMatchObject({ slug: "scale" });
    expect(usage.body.limits.map((l: { limit: string }) => l.limit)).toContain("max_contacts");
    expect((await api.get("/billing/usage")).body.error.code).toBe("FORBIDDEN");
    expect((await restClient(server.base, null).get("/billing/usage")).status).toBe(401);
  });
});
