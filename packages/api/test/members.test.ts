import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import {
  type Caller,
  callerFor,
  createTestTenant,
  memberWithSession,
  sessionFor,
  subscribe,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import type { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { detailsOf } from "../src/error-mapping.js";

const database = useTestDatabase();

const as = (token: string): Caller => callerFor(database.db, `Bearer ${token}`);

const newEmail = (label = "person") => `${label}-${randomUUID().slice(0, 8)}@example.test`;

/** A tenant on `plan` with its owner's session caller (scale allows 50 users, starter 3). */
async function tenantOn(plan: "scale" | "starter" = "scale") {
  const tenant = await createTestTenant(database.db);
  const subscriptionId = await subscribe(database.db, tenant.tenantId, { slug: plan });
  const ownerToken = await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId);
  return { ...tenant, subscriptionId, owner: as(ownerToken) };
}

async function existingUser(name: string) {
  const email = newEmail(name.toLowerCase());
  const [user] = await database.db.insert(schema.users).values({ email, name }).returning({ id: schema.users.id });
  if (!user) throw new Error("user insert returned nothing");
  return { id: user.id, email };
}

describe("members.add", () => {
  it("adds an existing user found by email in any case, with their account's name", async () => {
    const tenant = await tenantOn();
    const user = await existingUser("Grace");
    const added = await tenant.owner.members.add({ email: user.email.toUpperCase(), roles: ["member", "billing"] });
    expect(added).toMatchObject({ userId: user.id, email: user.email, name: "Grace", roles: ["member", "billing"] });
    expect(added.created).toBeInstanceOf(Date);
    const session = as(await sessionFor(database.db, user.id, tenant.tenantId));
    await expect(session.tenants.current()).resolves.toMatchObject({ roles: ["member", "billing"] });
  });

  it("invites an unknown email as a user without credentials", async () => {
    const tenant = await tenantOn();
    const email = newEmail("invitee");
    const added = await tenant.caller.members.add({ email, roles: ["admin", "admin"], name: "Ivy Invitee" });
    expect(added).toMatchObject({ email, name: "Ivy Invitee", roles: ["admin"] });
    const credentials = await database.db
      .select()
      .from(schema.userCredentials)
      .where(eq(schema.userCredentials.userId, added.userId));
    expect(credentials).toEqual([]);
    expect((await tenant.owner.members.list({})).items.map((m) => m.email)).toContain(email);
  });

  it("refuses a live member with CONFLICT, and revives a removed one with the new roles", async () => {
    const tenant = await tenantOn();
    const member = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    expect((await trpcFailure(tenant.owner.members.add({ email: member.email, roles: ["admin"] }))).code).toBe(
      "CONFLICT",
    );
    await tenant.owner.members.remove({ userId: member.userId });
    const revived = await tenant.owner.members.add({ email: member.email, roles: ["admin"] });
    expect(revived).toMatchObject({ userId: member.userId, roles: ["admin"] });
    // A session from before the removal stays dead; the member signs in again.
    expect((await trpcFailure(member.caller.tenants.current())).code).toBe("UNAUTHORIZED");
    const fresh = as(await sessionFor(database.db, member.userId, tenant.tenantId));
    await expect(fresh.tenants.current()).resolves.toMatchObject({ roles: ["admin"] });
  });

  it("lets only an owner grant the owner role", async () => {
    const tenant = await tenantOn();
    const admin = await memberWithSession(database.db, tenant.tenantId, ["admin"]);
    expect((await trpcFailure(admin.caller.members.add({ email: newEmail(), roles: ["owner"] }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await trpcFailure(tenant.caller.members.add({ email: newEmail(), roles: ["owner"] }))).code).toBe(
      "FORBIDDEN",
    );
    await expect(tenant.owner.members.add({ email: newEmail(), roles: ["owner"] })).resolves.toMatchObject({
      roles: ["owner"],
    });
  });

  it("rejects bad input with BAD_REQUEST", async () => {
    const tenant = await tenantOn();
    expect((await trpcFailure(tenant.owner.members.add({ email: newEmail(), roles: [] }))).code).toBe("BAD_REQUEST");
    expect((await trpcFailure(tenant.owner.members.add({ email: "not an email", roles: ["member"] }))).code).toBe(
      "BAD_REQUEST",
    );
    // @ts-expect-error a role outside TENANT_ROLES
    expect((await trpcFailure(tenant.owner.members.add({ email: newEmail(), roles: ["root"] }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("counts against max_users, plan plus add-ons, and says a duplicate is a duplicate even at the limit", async () => {
    const tenant = await tenantOn("starter");
    await tenant.owner.members.add({ email: newEmail(), roles: ["member"] });
    const second = await tenant.owner.members.add({ email: newEmail(), roles: ["member"] });
    const over = await trpcFailure(tenant.owner.members.add({ email: newEmail(), roles: ["member"] }));
    expect(over.code).toBe("PAYMENT_REQUIRED");
    expect(detailsOf(over)).toEqual({ limit: "max_users", allowed: 3, used: 3 });
    expect((await trpcFailure(tenant.owner.members.add({ email: second.email, roles: ["admin"] }))).code).toBe(
      "CONFLICT",
    );

    await database.db.insert(schema.subscriptionAddons).values({
      tenantId: tenant.tenantId,
      subscriptionId: tenant.subscriptionId,
      addonType: "users",
      quantity: 1,
      priceMonthly: "10.00",
    });
    await tenant.owner.members.add({ email: newEmail(), roles: ["member"] });
    expect(detailsOf(await trpcFailure(tenant.owner.members.add({ email: newEmail(), roles: ["member"] })))).toEqual({
      limit: "max_users",
      allowed: 4,
      used: 4,
    });
    // Removing a member frees a seat.
    await tenant.owner.members.remove({ userId: second.userId });
    await expect(tenant.owner.members.add({ email: newEmail(), roles: ["member"] })).resolves.toBeTruthy();
  });

  it("never overshoots max_users under 20 concurrent adds", async () => {
    const tenant = await tenantOn("starter");
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => tenant.owner.members.add({ email: newEmail("rush"), roles: ["member"] })),
    );
    const codes = results.map((r) => (r.status === "fulfilled" ? "OK" : (r.reason as TRPCError).code));
    expect(codes.filter((c) => c === "OK")).toHaveLength(2);
    expect(codes.filter((c) => c === "PAYMENT_REQUIRED")).toHaveLength(18);
    expect((await tenant.owner.members.list({})).items).toHaveLength(3);
  });

  it("replays an idempotent add instead of adding twice", async () => {
    const tenant = await tenantOn();
    const email = newEmail();
    const first = await tenant.owner.members.add({ email, roles: ["member"], idempotencyKey: "invite-1" });
    await expect(tenant.owner.members.add({ email, roles: ["member"], idempotencyKey: "invite-1" })).resolves.toEqual(
      first,
    );
  });
});

describe("members.list", () => {
  it("lists live members newest first with a user-id cursor", async () => {
    const tenant = await tenantOn();
    const a = await tenant.owner.members.add({ email: newEmail("a"), roles: ["member"] });
    const b = await tenant.owner.members.add({ email: newEmail("b"), roles: ["admin"] });
    const gone = await tenant.owner.members.add({ email: newEmail("gone"), roles: ["member"] });
    await tenant.owner.members.remove({ userId: gone.userId });

    const first = await tenant.owner.members.list({ limit: 2 });
    expect(first.items.map((m) => m.userId)).toEqual([b.userId, a.userId]);
    expect(Object.keys(first.items[0] ?? {}).sort()).toEqual([
      "created",
      "email",
      "name",
      "roles",
      "updated",
      "userId",
    ]);
    await tenant.owner.members.add({ email: newEmail("late"), roles: ["member"] });
    const rest = await tenant.owner.members.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(rest.items.map((m) => m.userId)).toEqual([tenant.ownerUserId]);
    expect(rest.nextCursor).toBeNull();
  });

  it("is open to every role and never shows another tenant's members", async () => {
    const tenant = await tenantOn();
    const other = await tenantOn();
    const billing = await memberWithSession(database.db, tenant.tenantId, ["billing"]);
    const ids = (await billing.caller.members.list()).items.map((m) => m.userId);
    expect(ids.sort()).toEqual([tenant.ownerUserId, billing.userId].sort());
    expect(ids).not.toContain(other.ownerUserId);
  });
});

describe("members.updateRoles", () => {
  it("changes roles, effective on the member's next call", async () => {
    const tenant = await tenantOn();
    const member = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    expect((await trpcFailure(member.caller.tenants.update({ name: "Nope" }))).code).toBe("FORBIDDEN");
    const updated = await tenant.caller.members.updateRoles({ userId: member.userId, roles: ["admin"] });
    expect(updated).toMatchObject({ userId: member.userId, roles: ["admin"] });
    await expect(member.caller.tenants.update({ name: "Now allowed" })).resolves.toMatchObject({ name: "Now allowed" });
  });

  it("refuses a stale expectedUpdated with CONFLICT", async () => {
    const tenant = await tenantOn();
    const member = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    const [before] = (await tenant.owner.members.list({})).items.filter((m) => m.userId === member.userId);
    const expectedUpdated = before?.updated ?? new Date();
    await tenant.owner.members.updateRoles({ userId: member.userId, roles: ["billing"], expectedUpdated });
    const stale = await trpcFailure(
      tenant.owner.members.updateRoles({ userId: member.userId, roles: ["admin"], expectedUpdated }),
    );
    expect(stale.code).toBe("CONFLICT");
  });

  it("lets only an owner grant or take away the owner role", async () => {
    const tenant = await tenantOn();
    const admin = await memberWithSession(database.db, tenant.tenantId, ["admin"]);
    const coOwner = await memberWithSession(database.db, tenant.tenantId, ["owner"]);
    const grant = admin.caller.members.updateRoles({ userId: admin.userId, roles: ["owner"] });
    expect((await trpcFailure(grant)).code).toBe("FORBIDDEN");
    const demote = admin.caller.members.updateRoles({ userId: coOwner.userId, roles: ["member"] });
    expect((await trpcFailure(demote)).code).toBe("FORBIDDEN");
    // An admin may still change an owner's other roles.
    const extra = await admin.caller.members.updateRoles({ userId: coOwner.userId, roles: ["owner", "billing"] });
    expect(extra.roles).toEqual(["owner", "billing"]);
    await expect(
      tenant.owner.members.updateRoles({ userId: admin.userId, roles: ["owner", "admin"] }),
    ).resolves.toMatchObject({ roles: ["owner", "admin"] });
  });

  it("never leaves the tenant without an owner, even when two owners demote each other at once", async () => {
    const tenant = await tenantOn();
    const last = await trpcFailure(tenant.owner.members.updateRoles({ userId: tenant.ownerUserId, roles: ["admin"] }));
    expect(last.code).toBe("CONFLICT");

    const coOwner = await memberWithSession(database.db, tenant.tenantId, ["owner"]);
    const results = await Promise.allSettled([
      tenant.owner.members.updateRoles({ userId: coOwner.userId, roles: ["admin"] }),
      coOwner.caller.members.updateRoles({ userId: tenant.ownerUserId, roles: ["admin"] }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const owners = (await tenant.caller.members.list({})).items.filter((m) => m.roles.includes("owner"));
    expect(owners).toHaveLength(1);
  });

  it("answers NOT_FOUND for a removed member or another tenant's user", async () => {
    const tenant = await tenantOn();
    const other = await tenantOn();
    const member = await memberWithSession(database.db, tenant.tenantId, ["member"]);
    await tenant.owner.members.remove({ userId: member.userId });
    for (const userId of [member.userId, other.ownerUserId]) {
      expect((await trpcFailure(tenant.owner.members.updateRoles({ userId, roles: ["admin"] }))).code).toBe(
        "NOT_FOUND",
      );
    }
    await expect(other.owner.tenants.current()).resolves.toMatchObject({ roles: ["owner"] });
  });
});

describe("members.remove", () => {
  it("removes softly and the member's sessions in this tenant stop at once, not elsewhere", async () => {
    const tenant = await tenantOn();
    const elsewhere = await tenantOn();
    const member = await memberWithSession(database.db, tenant.tenantId, ["admin"]);
    await elsewhere.owner.members.add({ email: member.email, roles: ["member"] });
    const otherSession = as(await sessionFor(database.db, member.userId, elsewhere.tenantId));
    await member.caller.tenants.current();

    const result = await tenant.owner.members.remove({ userId: member.userId });
    expect(result).toMatchObject({ userId: member.userId });
    expect(result.removed).toBeInstanceOf(Date);
    expect((await trpcFailure(member.caller.tenants.current())).code).toBe("UNAUTHORIZED");
    await expect(otherSession.tenants.current()).resolves.toMatchObject({ id: elsewhere.tenantId });
    expect((await tenant.owner.members.list({})).items.map((m) => m.userId)).not.toContain(member.userId);
    const [row] = await database.db
      .select()
      .from(schema.tenantUsers)
      .where(eq(schema.tenantUsers.userId, member.userId));
    expect(row).toBeTruthy();
    expect((await trpcFailure(tenant.owner.members.remove({ userId: member.userId }))).code).toBe("NOT_FOUND");
  });

  it("never removes the last owner, and only an owner removes an owner", async () => {
    const tenant = await tenantOn();
    expect((await trpcFailure(tenant.owner.members.remove({ userId: tenant.ownerUserId }))).code).toBe("CONFLICT");
    const coOwner = await memberWithSession(database.db, tenant.tenantId, ["owner"]);
    const admin = await memberWithSession(database.db, tenant.tenantId, ["admin"]);
    expect((await trpcFailure(admin.caller.members.remove({ userId: coOwner.userId }))).code).toBe("FORBIDDEN");
    expect((await trpcFailure(tenant.caller.members.remove({ userId: coOwner.userId }))).code).toBe("FORBIDDEN");
    // An owner may leave while another owner remains.
    await coOwner.caller.members.remove({ userId: coOwner.userId });
    expect((await trpcFailure(coOwner.caller.tenants.current())).code).toBe("UNAUTHORIZED");
    expect((await trpcFailure(tenant.owner.members.remove({ userId: tenant.ownerUserId }))).code).toBe("CONFLICT");
  });

  it("answers NOT_FOUND for another tenant's member and leaves them in place", async () => {
    const tenant = await tenantOn();
    const other = await tenantOn();
    const theirs = await memberWithSession(database.db, other.tenantId, ["member"]);
    expect((await trpcFailure(tenant.owner.members.remove({ userId: theirs.userId }))).code).toBe("NOT_FOUND");
    await expect(theirs.caller.tenants.current()).resolves.toMatchObject({ id: other.tenantId });
  });
});
