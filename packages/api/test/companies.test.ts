import { randomUUID } from "node:crypto";
import { schema } from "@outbound/db";
import { createTestTenant, subscribe, type TestTenant, trpcFailure, useTestDatabase } from "@outbound/testing";
import { describe, expect, it } from "vitest";
import { detailsOf, fieldErrorsOf } from "../src/error-mapping.js";

const database = useTestDatabase();

/** Workspace names are unique across every tenant of the (possibly shared) database. */
const workspace = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

async function tenantOnScale(): Promise<TestTenant> {
  const tenant = await createTestTenant(database.db);
  await subscribe(database.db, tenant.tenantId, { slug: "scale" });
  return tenant;
}

describe("companies", () => {
  it("creates a workspace with a lower-cased name and reads it back", async () => {
    const tenant = await createTestTenant(database.db);
    const name = workspace("Acme-Sales");
    const created = await tenant.caller.companies.create({
      name: "  Acme Sales ",
      workspaceName: name,
      logoUrl: "https://cdn.example.com/acme.png",
    });
    expect(created).toMatchObject({
      name: "Acme Sales",
      workspaceName: name.toLowerCase(),
      logoUrl: "https://cdn.example.com/acme.png",
      status: "active",
    });
    expect(await tenant.caller.companies.get({ id: created.id })).toEqual(created);
  });

  it("starts a company in the tenant's default status unless one is given", async () => {
    const tenant = await createTestTenant(database.db);
    await database.db
      .insert(schema.tenantPolicies)
      .values({ tenantId: tenant.tenantId, companyDefaultStatus: "inactive" });
    const byPolicy = await tenant.caller.companies.create({ name: "A", workspaceName: workspace("policy") });
    expect(byPolicy.status).toBe("inactive");
    const explicit = await tenant.caller.companies.create({
      name: "B",
      workspaceName: workspace("explicit"),
      status: "suspended",
    });
    expect(explicit.status).toBe("suspended");
  });

  it("refuses a workspace name any tenant already uses with CONFLICT naming it", async () => {
    const first = await createTestTenant(database.db);
    const second = await createTestTenant(database.db);
    const name = workspace("taken");
    await first.caller.companies.create({ name: "First", workspaceName: name });
    const clash = await trpcFailure(
      second.caller.companies.create({ name: "Second", workspaceName: name.toUpperCase() }),
    );
    expect(clash.code).toBe("CONFLICT");
    expect(clash.message).toContain(`"${name}" is taken`);
    expect(fieldErrorsOf(clash)).toHaveProperty("workspaceName");

    const other = await second.caller.companies.create({ name: "Second", workspaceName: workspace("free") });
    const renamed = await trpcFailure(second.caller.companies.update({ id: other.id, workspaceName: name }));
    expect(renamed.code).toBe("CONFLICT");
    expect(renamed.message).toContain("is taken");
  });

  it("rejects names, statuses and logo URLs outside the rules with field errors", async () => {
    const tenant = await createTestTenant(database.db);
    const cases: [Record<string, unknown>, string][] = [
      [{ workspaceName: "ab" }, "workspaceName"],
      [{ workspaceName: "-acme" }, "workspaceName"],
      [{ workspaceName: "acme-" }, "workspaceName"],
      [{ workspaceName: "acme_sales" }, "workspaceName"],
      [{ workspaceName: "acme sales" }, "workspaceName"],
      [{ workspaceName: "a".repeat(64) }, "workspaceName"],
      [{ name: " " }, "name"],
      [{ logoUrl: "http://example.com/logo.png" }, "logoUrl"],
      [{ logoUrl: "javascript:alert(1)" }, "logoUrl"],
      [{ status: "deleted" }, "status"],
    ];
    for (const [override, field] of cases) {
      const input = { name: "Acme", workspaceName: workspace("valid"), ...override };
      const error = await trpcFailure(tenant.caller.companies.create(input));
      expect({ input: override, code: error.code }).toEqual({ input: override, code: "BAD_REQUEST" });
      expect(fieldErrorsOf(error)).toHaveProperty(field);
    }
  });

  it("updates fields, removes the logo with null and refuses a stale expectedUpdated", async () => {
    const tenant = await createTestTenant(database.db);
    const created = await tenant.caller.companies.create({
      name: "Acme",
      workspaceName: workspace("upd"),
      logoUrl: "https://example.com/a.png",
    });
    const updated = await tenant.caller.companies.update({
      id: created.id,
      name: "Acme Europe",
      logoUrl: null,
      status: "inactive",
      expectedUpdated: created.updated,
    });
    expect(updated).toMatchObject({ name: "Acme Europe", logoUrl: null, status: "inactive" });
    expect(updated.updated.getTime()).toBeGreaterThan(created.updated.getTime());
    const stale = await trpcFailure(
      tenant.caller.companies.update({ id: created.id, name: "Late", expectedUpdated: created.updated }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect((await tenant.caller.companies.get({ id: created.id })).name).toBe("Acme Europe");
  });

  it("refuses to delete a workspace that still has domains or campaigns, listing them", async () => {
    const tenant = await tenantOnScale();
    const company = await tenant.caller.companies.create({ name: "Busy", workspaceName: workspace("busy") });
    await tenant.caller.domains.create({ companyId: company.id, domain: "busy-one.example" });
    await tenant.caller.domains.create({ companyId: company.id, domain: "busy-two.example" });
    await database.db
      .insert(schema.campaigns)
      .values({ tenantId: tenant.tenantId, companyId: company.id, name: "Q3 outreach" });

    const refused = await trpcFailure(tenant.caller.companies.delete({ id: company.id }));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain("2 domains and 1 campaign");
    expect(detailsOf(refused)?.blockers).toEqual([
      "2 domains: busy-one.example, busy-two.example",
      "1 campaign: Q3 outreach",
    ]);
    expect(await tenant.caller.companies.get({ id: company.id })).toMatchObject({ id: company.id });
  });

  it("deletes an empty workspace, after which it is NOT_FOUND and its name is free again", async () => {
    const tenant = await createTestTenant(database.db);
    const name = workspace("gone");
    const company = await tenant.caller.companies.create({ name: "Gone", workspaceName: name });
    expect(await tenant.caller.companies.delete({ id: company.id })).toMatchObject({ id: company.id });
    expect((await trpcFailure(tenant.caller.companies.get({ id: company.id }))).code).toBe("NOT_FOUND");
    expect((await trpcFailure(tenant.caller.companies.delete({ id: company.id }))).code).toBe("NOT_FOUND");
    await expect(tenant.caller.companies.create({ name: "Again", workspaceName: name })).resolves.toBeTruthy();
  });

  it("lists newest first with a keyset cursor and filters by status", async () => {
    const tenant = await createTestTenant(database.db);
    const names: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await tenant.caller.companies.create({
        name: `C${i}`,
        workspaceName: workspace(`list${i}`),
        status: i === 1 ? "inactive" : "active",
      });
      names.push(c.name);
    }
    const first = await tenant.caller.companies.list({ limit: 2 });
    expect(first.items.map((c) => c.name)).toEqual(["C2", "C1"]);
    const second = await tenant.caller.companies.list({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((c) => c.name)).toEqual(["C0"]);
    expect(second.nextCursor).toBeNull();
    expect((await tenant.caller.companies.list({ status: "inactive" })).items.map((c) => c.name)).toEqual(["C1"]);
  });

  it("replays the first result for a repeated idempotency key", async () => {
    const tenant = await createTestTenant(database.db);
    const input = { name: "Once", workspaceName: workspace("once"), idempotencyKey: "company-1" };
    const first = await tenant.caller.companies.create(input);
    expect(await tenant.caller.companies.create(input)).toEqual(first);
    expect((await tenant.caller.companies.list({})).items).toHaveLength(1);
  });
});
