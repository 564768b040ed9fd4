import { describe, expect, it } from "vitest";
import { expectRefused, ISO_DATE, uniqueTag, useRestTenant } from "./rest-fixture.js";

const t = useRestTenant();

async function mailbox(withImap: boolean) {
  const company = await t.api.post("/companies", { name: "Mailboxes", workspaceName: `rest-${uniqueTag()}` });
  const domain = await t.api.post("/domains", { companyId: company.body.id, domain: `mb-${uniqueTag()}.example.test` });
  const login = { port: 465, security: "ssl", username: "sales", password: "first-secret" };
  const created = await t.api.post("/email-accounts", {
    domainId: domain.body.id,
    email: `sales@${domain.body.domain}`,
    smtp: { host: "smtp.example.test", ...login },
    ...(withImap ? { imap: { host: "imap.example.test", ...login, port: 993 } } : {}),
  });
  expect(created.status).toBe(200);
  return created.body as { id: string; updated: string };
}

describe("REST mailbox credentials", () => {
  it("replaces the passwords without ever answering or logging them", async () => {
    const { id } = await mailbox(true);
    const smtpPassword = `smtp-${uniqueTag()}-secret`;
    const imapPassword = `imap-${uniqueTag()}-secret`;
    const updated = await t.api.patch(`/email-accounts/${id}/credentials`, { smtpPassword, imapPassword });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id, hasSmtpPassword: true, hasImapPassword: true });
    expect(updated.body.updated).toMatch(ISO_DATE);
    expect(JSON.stringify(updated.body)).not.toMatch(/-secret/);
    expect(t.server.lines.join("\n")).not.toMatch(new RegExp(`${smtpPassword}|${imapPassword}`));

    const none = await t.api.patch(`/email-accounts/${id}/credentials`, {});
    expectRefused(none, 400, "BAD_REQUEST");
    expect(none.body.error.fieldErrors).toHaveProperty("smtpPassword");
    const noImap = await mailbox(false);
    const refused = await t.api.patch(`/email-accounts/${noImap.id}/credentials`, { imapPassword });
    expectRefused(refused, 400, "BAD_REQUEST");
    expect(refused.body.error.fieldErrors).toHaveProperty("imapPassword");
    expectRefused(await t.theirs.patch(`/email-accounts/${id}/credentials`, { smtpPassword }), 404, "NOT_FOUND");
    expectRefused(await t.readOnly.patch(`/email-accounts/${id}/credentials`, { smtpPassword }), 403, "FORBIDDEN");
  });
});

describe("REST mailbox status and warmup", () => {
  it("pauses and disables a mailbox, stale expectedUpdated is 409", async () => {
    const created = await mailbox(false);
    const paused = await t.api.post(`/email-accounts/${created.id}/status`, {
      status: "paused",
      expectedUpdated: created.updated,
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ id: created.id, status: "paused" });
    const stale = await t.api.post(`/email-accounts/${created.id}/status`, {
      status: "active",
      expectedUpdated: created.updated,
    });
    expectRefused(stale, 409, "CONFLICT");

    const bad = await t.api.post(`/email-accounts/${created.id}/status`, { status: "asleep" });
    expectRefused(bad, 400, "BAD_REQUEST");
    expect(bad.body.error.fieldErrors).toHaveProperty("status");
    expectRefused(await t.theirs.post(`/email-accounts/${created.id}/status`, { status: "active" }), 404, "NOT_FOUND");
    expectRefused(
      await t.readOnly.post(`/email-accounts/${created.id}/status`, { status: "active" }),
      403,
      "FORBIDDEN",
    );
  });

  it("starts and stops a warmup; a second start, a stop without one and a disabled mailbox are 409", async () => {
    const { id } = await mailbox(false);
    const started = await t.api.post(`/email-accounts/${id}/start-warmup`);
    expect(started.status).toBe(200);
    expect(started.body.warmupStarted).toMatch(ISO_DATE);
    expectRefused(await t.api.post(`/email-accounts/${id}/start-warmup`), 409, "CONFLICT");
    expectRefused(await t.theirs.post(`/email-accounts/${id}/stop-warmup`), 404, "NOT_FOUND");
    expectRefused(await t.readOnly.post(`/email-accounts/${id}/stop-warmup`), 403, "FORBIDDEN");

    const stopped = await t.api.post(`/email-accounts/${id}/stop-warmup`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.warmupStarted).toBeNull();
    const notWarming = await t.api.post(`/email-accounts/${id}/stop-warmup`);
    expectRefused(notWarming, 409, "CONFLICT");
    expect(notWarming.body.error.details).toMatchObject({ status: "not_warming_up" });

    await t.api.post(`/email-accounts/${id}/status`, { status: "disabled" });
    expectRefused(await t.api.post(`/email-accounts/${id}/start-warmup`), 409, "CONFLICT");
    expectRefused(await t.api.post("/email-accounts/nope/start-warmup"), 400, "BAD_REQUEST");
    expectRefused(await t.theirs.post(`/email-accounts/${id}/start-warmup`), 404, "NOT_FOUND");
  });
});
