import { schema } from "@outbound/db";
import { callerFor, createTestTenant, type TestTenant, trpcCode, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";

const database = useTestDatabase();
let tenant: TestTenant;

beforeEach(async () => {
  tenant = await createTestTenant(database.db);
});

const templateOf = (t: TestTenant, name = "T") => t.caller.templates.create({ name, subject: "s", content: "c" });

describe("folders", () => {
  it("creates, lists newest first with a string id cursor, renames and deletes", async () => {
    const a = await tenant.caller.folders.create({ name: " Prospects " });
    expect(a).toMatchObject({ name: "Prospects" });
    expect(a.id).toMatch(/^[1-9][0-9]*$/);
    const b = await tenant.caller.folders.create({ name: "Customers" });
    const c = await tenant.caller.folders.create({ name: "Partners" });
    const first = await tenant.caller.folders.list({ limit: 2 });
    expect(first.items.map((f) => f.name)).toEqual(["Partners", "Customers"]);
    expect(first.nextCursor).toBe(b.id);
    const second = await tenant.caller.folders.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second).toMatchObject({ items: [{ id: a.id }], nextCursor: null });

    const renamed = await tenant.caller.folders.rename({ id: c.id, name: "Allies", expectedUpdated: c.updated });
    expect(renamed).toMatchObject({ id: c.id, name: "Allies" });
    expect(await trpcCode(tenant.caller.folders.rename({ id: c.id, name: "Again", expectedUpdated: c.updated }))).toBe(
      "CONFLICT",
    );
    expect(await tenant.caller.folders.delete({ id: c.id })).toEqual({ id: c.id });
    expect(await trpcCode(tenant.caller.folders.delete({ id: c.id }))).toBe("NOT_FOUND");
    expect((await tenant.caller.folders.list({})).items.map((f) => f.id)).toEqual([b.id, a.id]);
  });

  it("keeps names unique per tenant, on create and on rename", async () => {
    const a = await tenant.caller.folders.create({ name: "Same" });
    const b = await tenant.caller.folders.create({ name: "Other" });
    expect(await trpcCode(tenant.caller.folders.create({ name: "Same" }))).toBe("CONFLICT");
    expect(await trpcCode(tenant.caller.folders.rename({ id: b.id, name: "Same" }))).toBe("CONFLICT");
    await expect(tenant.caller.folders.rename({ id: a.id, name: "Same" })).resolves.toMatchObject({ name: "Same" });
    const other = await createTestTenant(database.db);
    await expect(other.caller.folders.create({ name: "Same" })).resolves.toMatchObject({ name: "Same" });
  });

  it("adds and removes templates idempotently; deleting the folder drops only its links", async () => {
    const folder = await tenant.caller.folders.create({ name: "F" });
    const template = await templateOf(tenant);
    const link = { folderId: folder.id, templateId: template.id };
    expect(await tenant.caller.folders.addTemplate(link)).toEqual(link);
    expect(await tenant.caller.folders.addTemplate(link)).toEqual(link);
    expect((await tenant.caller.templates.get({ id: template.id })).folderIds).toEqual([folder.id]);
    expect(await tenant.caller.folders.removeTemplate(link)).toEqual({ ...link, removed: true });
    expect(await tenant.caller.folders.removeTemplate(link)).toEqual({ ...link, removed: false });

    await tenant.caller.folders.addTemplate(link);
    await tenant.caller.folders.delete({ id: folder.id });
    expect(await tenant.caller.templates.get({ id: template.id })).toMatchObject({ id: template.id, folderIds: [] });
    const links = await database.db
      .select()
      .from(schema.templateFolders)
      .where(eq(schema.templateFolders.tenantId, tenant.tenantId));
    expect(links).toEqual([]);
  });

  it("answers NOT_FOUND for another tenant's folder or template, in any combination", async () => {
    const other = await createTestTenant(database.db);
    const [mineF, mineT] = [await tenant.caller.folders.create({ name: "Mine" }), await templateOf(tenant)];
    const [theirF, theirT] = [await other.caller.folders.create({ name: "Theirs" }), await templateOf(other)];
    await other.caller.folders.addTemplate({ folderId: theirF.id, templateId: theirT.id });
    for (const pair of [
      { folderId: theirF.id, templateId: theirT.id },
      { folderId: mineF.id, templateId: theirT.id },
      { folderId: theirF.id, templateId: mineT.id },
    ]) {
      expect(await trpcCode(tenant.caller.folders.addTemplate(pair))).toBe("NOT_FOUND");
      expect(await trpcCode(tenant.caller.folders.removeTemplate(pair))).toBe("NOT_FOUND");
    }
    expect(await trpcCode(tenant.caller.folders.rename({ id: theirF.id, name: "Hijacked" }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.folders.delete({ id: theirF.id }))).toBe("NOT_FOUND");
    expect((await other.caller.folders.list({})).items).toMatchObject([{ id: theirF.id, name: "Theirs" }]);
    expect((await other.caller.templates.get({ id: theirT.id })).folderIds).toEqual([theirF.id]);
    expect((await tenant.caller.folders.list({})).items.map((f) => f.id)).toEqual([mineF.id]);
  });

  it("takes ids as strings of a positive integer within the safe range", async () => {
    for (const id of ["0", "-1", "1.5", "01", " 1", "1e3", "abc", "", String(Number.MAX_SAFE_INTEGER + 2)]) {
      expect(await trpcCode(tenant.caller.folders.delete({ id }))).toBe("BAD_REQUEST");
    }
    // @ts-expect-error ids are strings, like every id of the API
    expect(await trpcCode(tenant.caller.folders.delete({ id: 1 }))).toBe("BAD_REQUEST");
    expect(await trpcCode(tenant.caller.folders.delete({ id: String(Number.MAX_SAFE_INTEGER) }))).toBe("NOT_FOUND");
    expect(await trpcCode(tenant.caller.folders.create({ name: "   " }))).toBe("BAD_REQUEST");
  });

  it("lets a read-only key list but not write", async () => {
    const reader = callerFor(database.db, `Bearer ${await tenant.newApiKey("read")}`);
    await expect(reader.folders.list({})).resolves.toEqual({ items: [], nextCursor: null });
    expect(await trpcCode(reader.folders.create({ name: "x" }))).toBe("FORBIDDEN");
  });
});
