import { callerFor, createTestTenant, type TestTenant, trpcCode, useTestDatabase } from "@outbound/testing";
import { beforeEach, describe, expect, it } from "vitest";

const database = useTestDatabase();
let tenant: TestTenant;

beforeEach(async () => {
  tenant = await createTestTenant(database.db);
});

const templateOf = (t: TestTenant, name = "T") => t.caller.templates.create({ name, subject: "s", content: "c" });

describe("tags", () => {
  it("are created for every new tenant at sign-up, marked default, and behave like any other tag", async () => {
    const email = `tags-${Math.random().toString(36).slice(2)}@example.com`;
    const { token } = await callerFor(database.db, null).auth.signUp({
      email,
      password: "a long enough password",
      name: "Tagger",
      tenantName: "Tagged Inc",
    });
    const owner = callerFor(database.db, `Bearer ${token}`);
    const { items } = await owner.tags.list({});
    expect(items.map((t) => [t.name, t.isDefault]).sort()).toEqual([
      ["cold", true],
      ["follow-up", true],
      ["nurture", true],
    ]);
    const cold = items.find((t) => t.name === "cold");
    if (!cold) throw new Error("no cold tag");
    expect(cold.description).toBeTruthy();
    await expect(owner.tags.update({ id: cold.id, name: "icy" })).resolves.toMatchObject({
      name: "icy",
      isDefault: true,
    });
    expect(await owner.tags.delete({ id: cold.id })).toEqual({ id: cold.id });
    expect((await owner.tags.list({})).items).toHaveLength(2);
    await expect(owner.tags.create({ name: "cold" })).resolves.toMatchObject({ isDefault: false });
  });

  it("creates, updates (null clears), pages and deletes", async () => {
    const a = await tenant.caller.tags.create({ name: "vip", value: "gold", description: "Top accounts" });
    expect(a).toMatchObject({ name: "vip", value: "gold", description: "Top accounts", isDefault: false });
    const b = await tenant.caller.tags.create({ name: "cold" });
    expect(b).toMatchObject({ value: null, description: null });
    const updated = await tenant.caller.tags.update({ id: a.id, value: null, expectedUpdated: a.updated });
    expect(updated).toMatchObject({ name: "vip", value: null, description: "Top accounts" });
    expect(await trpcCode(tenant.caller.tags.update({ id: a.id, value: "x", expectedUpdated: a.updated }))).toBe(
      "CONFLICT",
    );

    const first = await tenant.caller.tags.list({ limit: 1 });
    expect(first).toEqual({ items: [expect.objectContaining({ id: b.id })], nextCursor: b.id });
    const second = await tenant.caller.tags.list({ limit: 1, cursor: b.id });
    expect(second).toEqual({ items: [expect.objectContaining({ id: a.id })], nextCursor: null });

    expect(await tenant.caller.tags.delete({ id: a.id })).toEqual({ id: a.id });
    expect(await trpcCode(tenant.caller.tags.delete({ id: a.id }))).toBe("NOT_FOUND");
  });

  it("keeps names unique per tenant", async () => {
    const a = await tenant.caller.tags.create({ name: "dup" });
    const b = await tenant.caller.tags.create({ name: "other" });
    expect(await trpcCode(tenant.caller.tags.create({ name: "dup" }))).toBe("CONFLICT");
    expect(await trpcCode(tenant.caller.tags.update({ id: b.id, name: "dup" }))).toBe("CONFLICT");
    await expect(tenant.caller.tags.update({ id: a.id, name: "dup", value: "v" })).resolves.toMatchObject({
      value: "v",
    });
    const other = await createTestTenant(database.db);
    await expect(other.caller.tags.create({ name: "dup" })).resolves.toBeTruthy();
  });

  it("tags and untags templates idempotently; deleting a tag drops only its links", async () => {
    const tag = await tenant.caller.tags.create({ name: "hot", value: "9" });
    const template = await templateOf(tenant);
    const link = { tagId: tag.id, templateId: template.id };
    expect(await tenant.caller.tags.tagTemplate(link)).toEqual(link);
    expect(await tenant.caller.tags.tagTemplate(link)).toEqual(link);
    expect((await tenant.caller.templates.get({ id: template.id })).tags).toEqual([
      { id: tag.id, name: "hot", value: "9" },
    ]);
    expect(await tenant.caller.tags.untagTemplate(link)).toEqual({ ...link, removed: true });
    expect(await tenant.caller.tags.untagTemplate(link)).toEqual({ ...link, removed: false });
    await tenant.caller.tags.tagTemplate(link);
    await tenant.caller.tags.delete({ id: tag.id });
    expect(await tenant.caller.templates.get({ id: template.id })).toMatchObject({ id: template.id, tags: [] });
  });

  it("answers NOT_FOUND for another tenant's tag or template, in any combination", async () => {
    const other = await createTestTenant(database.db);
    const [mineTag, mineT] = [await tenant.caller.tags.create({ name: "mine" }), await templateOf(tenant)];
    const [theirTag, theirT] = [await other.caller.tags.create({ name: "theirs" }), await templateOf(other)];
    await other.caller.tags.tagTemplate({ tagId: theirTag.id, templateId: theirT.id });
    for (const pair of [
      { tagId: theirTag.id, templateId: theirT.id },
      { tagId: mineTag.id, templateId: theirT.id },
      { tagId: theirTag.id, templateId: mineT.id },
    ]) {
      expect(await trpcCode(tenant.caller.tags.tagTemplate(pair))).toBe("NOT_FOUND");
      expect(await trpcCode(tenant.caller.tags.untagTemplate(pair))).toBe("NOT_FOUND");
    }
    expect(await trpcCode(tenant.caller.tags.update({ id: theirTag.id, name: "hijacked" }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.tags.delete({ id: theirTag.id }))).toBe("NOT_FOUND");
    expect((await other.caller.tags.list({})).items).toMatchObject([{ id: theirTag.id, name: "theirs" }]);
    expect((await other.caller.templates.get({ id: theirT.id })).tags).toMatchObject([{ id: theirTag.id }]);
  });

  it("validates input: ids as strings of a positive integer, a non-empty name", async () => {
    expect(await trpcCode(tenant.caller.tags.create({ name: "" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.tags.delete({ id: "0" }))).toBe("BAD_REQUEST");
    // @ts-expect-error ids are strings, like every id of the API
    expect(await trpcCode(tenant.caller.tags.tagTemplate({ tagId: 1, templateId: "x" }))).toBe("BAD_REQUEST");
    const reader = callerFor(database.db, `Bearer ${await tenant.newApiKey("read")}`);
    expect(await trpcCode(reader.tags.create({ name: "x" }))).toBe("FORBIDDEN");
  });
});
