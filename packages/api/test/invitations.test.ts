import { randomBytes, randomUUID } from "node:crypto";
import { type AppDepsOptions, ManualClock } from "@outbound/api";
import { callerFor, createTestTenant, sessionFor, subscribe, trpcFailure, useTestDatabase } from "@outbound/testing";
import { type SmtpSink, startSmtpSink } from "@outbound/testing/smtp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInvitation } from "../src/services/auth/invitation-tokens.js";
import { smtpPlatformMailer } from "../src/services/platform/mail.js";

const database = useTestDatabase();
const PASSWORD = "a long enough password";
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
});

/** One server's dependencies: the same token key, clock and platform mail for every caller. */
function server(options: { mail?: boolean } = {}) {
  const clock = new ManualClock();
  const deps: AppDepsOptions = {
    clock,
    tokenKey: randomBytes(32),
    publicUrl: "https://outbound.example",
    mailer:
      options.mail === false ? undefined : smtpPlatformMailer(`smtp://127.0.0.1:${sink.port}`, "team@outbound.example"),
  };
  return {
    clock,
    deps,
    anonymous: () => callerFor(database.db, null, deps),
    as: (token: string) => callerFor(database.db, `Bearer ${token}`, deps),
  };
}

async function tenantWithOwner(app: ReturnType<typeof server>) {
  const tenant = await createTestTenant(database.db);
  await subscribe(database.db, tenant.tenantId, { slug: "scale" });
  const token = await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId);
  return { ...tenant, owner: app.as(token) };
}

const newEmail = () => `invitee-${randomUUID().slice(0, 8)}@example.test`;
const tokenOf = (inviteUrl: string | null) => new URL(inviteUrl ?? "").hash.replace(/^#token=/, "");

describe("invitations", () => {
  it("members.add of a new address returns a link, mails it, and the invitee signs in after accepting", async () => {
    const app = server();
    const tenant = await tenantWithOwner(app);
    const email = newEmail();
    const before = sink.received.length;
    const added = await tenant.owner.members.add({ email, roles: ["member"] });
    expect(added.inviteUrl).toMatch(/^https:\/\/outbound\.example\/app\/invitation#token=[\w-]+\.[\w-]+$/);
    expect(added.invitationEmailed).toBe(true);
    const [mail] = await sink.waitFor(before + 1).then((all) => all.slice(before));
    expect(mail?.to).toEqual([email]);
    expect(mail?.raw.replace(/=\r?\n/g, "")).toContain(tokenOf(added.inviteUrl));

    const accepted = await app.anonymous().auth.acceptInvitation({
      token: tokenOf(added.inviteUrl),
      password: PASSWORD,
      name: "Ivy Invitee",
    });
    expect(accepted.tenant.id).toBe(tenant.tenantId);
    expect(accepted.user).toMatchObject({ email, name: "Ivy Invitee" });
    const me = await app.as(accepted.token).auth.me();
    expect(me.roles).toEqual(["member"]);
    const session = await app.anonymous().auth.signIn({ email, password: PASSWORD });
    expect(session.tenantId).toBe(tenant.tenantId);
  });

  it("answers a retried add (same idempotency key) with the same link, however much later", async () => {
    const app = server({ mail: false });
    const tenant = await tenantWithOwner(app);
    const email = newEmail();
    const first = await tenant.owner.members.add({ email, roles: ["member"], idempotencyKey: "invite-once" });
    app.clock.advance(90_000);
    const again = await tenant.owner.members.add({ email, roles: ["member"], idempotencyKey: "invite-once" });
    expect(again).toEqual(first);
    expect(again.inviteUrl).not.toBeNull();
  });

  it("works once: a second accept is CONFLICT and leaves the chosen password in place", async () => {
    const app = server({ mail: false });
    const tenant = await tenantWithOwner(app);
    const email = newEmail();
    const added = await tenant.owner.members.add({ email, roles: ["member"] });
    expect(added.invitationEmailed).toBe(false);
    const token = tokenOf(added.inviteUrl);
    await app.anonymous().auth.acceptInvitation({ token, password: PASSWORD });
    const again = await trpcFailure(
      app.anonymous().auth.acceptInvitation({ token, password: "another long password" }),
    );
    expect(again.code).toBe("CONFLICT");
    expect((await trpcFailure(app.anonymous().auth.signIn({ email, password: "another long password" }))).code).toBe(
      "UNAUTHORIZED",
    );
    await expect(app.anonymous().auth.signIn({ email, password: PASSWORD })).resolves.toHaveProperty("token");
  });

  it("refuses an expired, altered or foreign-key link with BAD_REQUEST and a field error", async () => {
    const app = server({ mail: false });
    const tenant = await tenantWithOwner(app);
    const added = await tenant.owner.members.add({ email: newEmail(), roles: ["member"] });
    const token = tokenOf(added.inviteUrl);
    const [payload = "", tag = ""] = token.split(".");
    const altered = `${payload.slice(0, -2)}${payload.endsWith("AA") ? "AB" : "AA"}.${tag}`;
    const foreign = signInvitation(randomBytes(32), {
      tenantId: tenant.tenantId,
      userId: added.userId,
      expires: new Date(Date.now() + 3600_000),
    });
    for (const bad of [altered, foreign, `${token}x`, "not-a-token"]) {
      const failure = await trpcFailure(app.anonymous().auth.acceptInvitation({ token: bad, password: PASSWORD }));
      expect(failure.code).toBe("BAD_REQUEST");
    }
    app.clock.advance(7 * 24 * 3600_000 + 1000);
    const expired = await trpcFailure(app.anonymous().auth.acceptInvitation({ token, password: PASSWORD }));
    expect(expired.code).toBe("BAD_REQUEST");
    expect(expired.message).toContain("expired");
  });

  it("applies the tenant's password policy, and a removed member's link leads nowhere", async () => {
    const app = server({ mail: false });
    const tenant = await tenantWithOwner(app);
    await tenant.owner.tenantPolicies.update({ passwordMinLength: 20 });
    const added = await tenant.owner.members.add({ email: newEmail(), roles: ["member"] });
    const token = tokenOf(added.inviteUrl);
    const weak = await trpcFailure(app.anonymous().auth.acceptInvitation({ token, password: "only 16 chars!!!" }));
    expect(weak.code).toBe("BAD_REQUEST");

    await tenant.owner.members.remove({ userId: added.userId });
    const removed = await trpcFailure(app.anonymous().auth.acceptInvitation({ token, password: PASSWORD }));
    expect(removed.code).toBe("NOT_FOUND");
  });

  it("gives no link for a person who already has an account", async () => {
    const app = server();
    const tenant = await tenantWithOwner(app);
    const other = await tenantWithOwner(app);
    const email = newEmail();
    const first = await tenant.owner.members.add({ email, roles: ["member"] });
    await app.anonymous().auth.acceptInvitation({ token: tokenOf(first.inviteUrl), password: PASSWORD });
    const second = await other.owner.members.add({ email, roles: ["member"] });
    expect(second).toMatchObject({ inviteUrl: null, invitationEmailed: false });
  });
});
