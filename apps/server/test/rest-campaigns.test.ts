import { randomUUID } from "node:crypto";
import { createTestTenant, type TestTenant, useTestDatabase } from "@outbound/testing";
import { startDnsServer, type TestDnsServer } from "@outbound/testing/dns-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ISO_DATE, type RestClient, type RestServer, restClient, startRestServer } from "./rest-fixture.js";

const database = useTestDatabase();
let dns: TestDnsServer;
let server: RestServer;
let tenant: TestTenant;
let api: RestClient;

beforeAll(async () => {
  dns = await startDnsServer();
  server = await startRestServer(database.db, { dnsServers: [dns.address] });
  tenant = await createTestTenant(database.db, { plan: "scale" });
  api = restClient(server.base, tenant.apiKey);
});
afterAll(async () => {
  await server.close();
  await dns.close();
});

const tag = () => randomUUID().slice(0, 8);

/** What a REST caller sets up before a campaign can send: company, verified domain, mailbox, template. */
async function sendingSetup(client: RestClient) {
  const company = await client.post("/companies", { name: "Acme", workspaceName: `rest-${tag()}` });
  expect(company.status).toBe(200);
  const domain = await client.post("/domains", { companyId: company.body.id, domain: `rest-${tag()}.example.test` });
  expect(domain.status).toBe(200);
  dns.publish(domain.body.dnsRecords);
  const verified = await client.post(`/domains/${domain.body.id}/verify`);
  expect(verified.status).toBe(200);
  expect(verified.body.verificationStatus).toBe("verified");
  expect(verified.body.dnsLastVerifiedAt).toMatch(ISO_DATE);
  const mailbox = await client.post("/email-accounts", {
    domainId: domain.body.id,
    email: `box@${domain.body.domain}`,
    smtp: { host: "smtp.example.test", port: 587, security: "starttls", username: "box", password: "pw-secret" },
  });
  expect(mailbox.status).toBe(200);
  const template = await client.post("/templates", {
    name: "Intro",
    subject: "Hi {{first_name|there}}",
    content: "Hello",
  });
  expect(template.status).toBe(200);
  return { companyId: company.body.id, mailboxId: mailbox.body.id, templateId: template.body.id };
}

describe("REST campaigns, end to end with plain fetch", () => {
  it("builds a sequence, enrolls leads, launches, pauses, resumes and reports stats", async () => {
    const setup = await sendingSetup(api);
    const created = await api.post("/campaigns", { companyId: setup.companyId, name: "Launch week" });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: "draft", scheduled: null, sendingWindow: null });
    expect(created.body.created).toMatch(ISO_DATE);
    const id = created.body.id;

    const updated = await api.patch(`/campaigns/${id}`, {
      description: "First outreach",
      sendingWindow: { timezone: "Europe/Paris", days: ["fri", "mon"], start_hour: 9, end_hour: 17 },
      dailyLimit: 100,
      expectedUpdated: created.body.updated,
    });
    expect(updated.status).toBe(200);
    expect(updated.body.sendingWindow).toEqual({
      timezone: "Europe/Paris",
      days: ["mon", "fri"],
      start_hour: 9,
      end_hour: 17,
    });

    const email = await api.post(`/campaigns/${id}/steps`, {
      stepType: "email",
      templateId: setup.templateId,
      emailAccountId: setup.mailboxId,
    });
    expect(email.status).toBe(200);
    expect(email.body).toMatchObject({ stepOrder: 1, stepType: "email", lastExecuted: null });
    const wait = await api.post(`/campaigns/${id}/steps`, { stepType: "wait", waitDurationHours: 48 });
    const patched = await api.patch(`/campaigns/${id}/steps/${wait.body.id}`, { waitDurationHours: 24 });
    expect(patched.body.waitDurationHours).toBe(24);
    const followUp = await api.post(`/campaigns/${id}/steps`, { stepType: "email", templateId: setup.templateId });
    const reordered = await api.post(`/campaigns/${id}/steps/reorder`, {
      stepIds: [email.body.id, followUp.body.id, wait.body.id],
    });
    expect(reordered.body.map((s: { id: string }) => s.id)).toEqual([email.body.id, followUp.body.id, wait.body.id]);
    expect((await api.delete(`/campaigns/${id}/steps/${wait.body.id}`)).body).toEqual({ id: wait.body.id });
    const steps = await api.get(`/campaigns/${id}/steps`);
    expect(steps.body).toHaveLength(2);
    expect(steps.body[0]).toMatchObject({ templateName: "Intro", emailAccountEmail: expect.stringMatching(/^box@/) });

    const leads = await Promise.all(
      [1, 2, 3].map((n) => api.post("/leads", { email: `p${n}-${tag()}@example.test`, name: `P${n}` })),
    );
    const added = await api.post(`/campaigns/${id}/leads`, { leadIds: leads.map((l) => l.body.id) });
    expect(added.body).toMatchObject({ added: 3, matched: 3, notFound: 0, truncated: false });
    const removed = await api.post(`/campaigns/${id}/leads/remove`, { leadIds: [leads[2]?.body.id] });
    expect(removed.body).toEqual({ removed: 1 });
    const enrolled = await api.get(`/campaigns/${id}/leads?status=active&limit=10`);
    expect(enrolled.body.items).toHaveLength(2);
    expect(enrolled.body.items[0]).toMatchObject({
      status: "active",
      lastEvent: null,
      lead: { name: expect.any(String) },
    });
    expect(enrolled.body.items[0].enrolled).toMatch(ISO_DATE);

    const launched = await api.post(`/campaigns/${id}/launch`);
    expect(launched.status).toBe(200);
    expect(launched.body.status).toBe("active");
    expect(launched.body.launched).toMatch(ISO_DATE);
    expect((await api.post(`/campaigns/${id}/pause`)).body.status).toBe("paused");
    expect((await api.post(`/campaigns/${id}/resume`)).body.status).toBe("active");

    const stats = await api.get(`/campaigns/${id}/stats`);
    expect(stats.status).toBe(200);
    expect(stats.body.enrollments).toMatchObject({ active: 2, finished: 1 });
    expect(stats.body.steps).toHaveLength(2);

    const got = await api.get(`/campaigns/${id}`);
    expect(got.body).toMatchObject({ id, status: "active", description: "First outreach", dailyLimit: 100 });
    expect(got.body.steps).toHaveLength(2);
    const listed = await api.get("/campaigns?status=active");
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(id);

    expect((await api.post(`/campaigns/${id}/complete`)).body.status).toBe("completed");
    expect((await api.delete(`/campaigns/${id}`)).body).toEqual({ id });
  });

  it("schedules with an ISO date, cancels and reports illegal moves as 409 with details", async () => {
    const company = await api.post("/companies", { name: "Sched", workspaceName: `rest-${tag()}` });
    const draft = await api.post("/campaigns", { companyId: company.body.id, name: "Later" });
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const scheduled = await api.post(`/campaigns/${draft.body.id}/schedule`, { at });
    // An empty sequence can't be scheduled: the launch checks run at schedule time too.
    expect(scheduled.status).toBe(409);
    expect(scheduled.body.error).toMatchObject({ code: "CONFLICT", details: expect.any(Object) });
    const pausedDraft = await api.post(`/campaigns/${draft.body.id}/pause`);
    expect(pausedDraft.status).toBe(409);
    expect(pausedDraft.body.error.details).toMatchObject({ status: "draft" });
    expect((await api.post(`/campaigns/${draft.body.id}/cancel`)).body.status).toBe("cancelled");
    const badDate = await api.post(`/campaigns/${draft.body.id}/schedule`, { at: "next tuesday" });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.fieldErrors).toHaveProperty("at");
  });

  it("answers bad input with 400 and field errors", async () => {
    const missing = await api.post("/campaigns", { name: "" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe("BAD_REQUEST");
    expect(Object.keys(missing.body.error.fieldErrors)).toEqual(expect.arrayContaining(["companyId", "name"]));
    const badStep = await api.post(`/campaigns/${randomUUID()}/steps`, { stepType: "telegram" });
    expect(badStep.status).toBe(400);
    expect(badStep.body.error.fieldErrors).toHaveProperty("stepType");
    const badWindow = await api.patch(`/campaigns/${randomUUID()}`, {
      sendingWindow: { timezone: "Mars/Olympus", days: [], start_hour: 9, end_hour: 8 },
    });
    expect(badWindow.status).toBe(400);
  });

  it("answers another tenant's campaign with 404 everywhere", async () => {
    const other = await createTestTenant(database.db, { plan: "scale" });
    const theirs = restClient(server.base, other.apiKey);
    const company = await theirs.post("/companies", { name: "Theirs", workspaceName: `rest-${tag()}` });
    const campaign = await theirs.post("/campaigns", { companyId: company.body.id, name: "Theirs" });
    const id = campaign.body.id;
    const attempts = [
      api.get(`/campaigns/${id}`),
      api.patch(`/campaigns/${id}`, { name: "Mine now" }),
      api.delete(`/campaigns/${id}`),
      api.post(`/campaigns/${id}/launch`),
      api.get(`/campaigns/${id}/stats`),
      api.get(`/campaigns/${id}/steps`),
      api.post(`/campaigns/${id}/steps`, { stepType: "wait", waitDurationHours: 1 }),
      api.get(`/campaigns/${id}/leads`),
      api.post(`/campaigns/${id}/leads`, { filter: {} }),
      api.post("/campaigns", { companyId: company.body.id, name: "In their company" }),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe("NOT_FOUND");
    }
    expect((await theirs.get(`/campaigns/${id}`)).body.name).toBe("Theirs");
  });

  it("refuses writes with a read-only key", async () => {
    const readOnly = restClient(server.base, await tenant.newApiKey("read"));
    expect((await readOnly.get("/campaigns")).status).toBe(200);
    const refused = await readOnly.post("/campaigns", { companyId: randomUUID(), name: "Nope" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("FORBIDDEN");
    expect((await readOnly.post(`/campaigns/${randomUUID()}/launch`)).status).toBe(403);
  });
});
