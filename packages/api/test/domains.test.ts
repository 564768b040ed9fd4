import { createPublicKey, randomInt, randomUUID, sign, verify } from "node:crypto";
import { schema } from "@outbound/db";
import {
  type Caller,
  callerFor,
  createTestTenant,
  sessionFor,
  subscribe,
  trpcFailure,
  useTestDatabase,
} from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ephemeralSecretStore } from "../src/context.js";
import { detailsOf, fieldErrorsOf } from "../src/error-mapping.js";
import { dkimSecretPath } from "../src/services/dns/records.js";

const database = useTestDatabase();

/** An in-memory secret store that also tells which paths hold a secret. */
function listableSecretStore() {
  const store = ephemeralSecretStore();
  const paths = new Set<string>();
  return {
    get: store.get,
    put: async (path: string, value: string) => {
      await store.put(path, value);
      paths.add(path);
    },
    delete: async (path: string) => {
      await store.delete(path);
      paths.delete(path);
    },
    paths: () => [...paths],
  };
}

/** A tenant on `plan` whose owner's caller (a session: the free plan has no API access) keeps secrets in a store the test can read. */
async function setup(plan: "scale" | "free" = "scale") {
  const tenant = await createTestTenant(database.db);
  await subscribe(database.db, tenant.tenantId, { slug: plan });
  const secrets = listableSecretStore();
  const token = await sessionFor(database.db, tenant.ownerUserId, tenant.tenantId);
  const caller: Caller = callerFor(database.db, `Bearer ${token}`, { secrets });
  const company = await caller.companies.create({ name: "Acme", workspaceName: `acme-${randomUUID().slice(0, 8)}` });
  return { tenantId: tenant.tenantId, caller, secrets, companyId: company.id };
}

describe("domains.create", () => {
  it("generates the records to publish and keeps only the DKIM public key in them", async () => {
    const { tenantId, caller, secrets, companyId } = await setup();
    const domain = await caller.domains.create({ companyId, domain: "  Mail.Example.COM. " });
    expect(domain).toMatchObject({
      companyId,
      domain: "mail.example.com",
      isPrimary: true,
      verificationStatus: "pending",
      dnsVerificationAttempts: 0,
      dnsLastVerifiedAt: null,
    });
    const byPurpose = Object.fromEntries(domain.dnsRecords.map((r) => [r.purpose, r]));
    expect(byPurpose.ownership).toMatchObject({ type: "TXT", host: "_outbound.mail.example.com" });
    expect(byPurpose.ownership?.value).toMatch(/^outbound-verification=[0-9a-f]{32}$/);
    expect(byPurpose.spf).toEqual({
      purpose: "spf",
      type: "TXT",
      host: "mail.example.com",
      value: "v=spf1 include:spf.outbound.email ~all",
    });
    expect(byPurpose.dkim).toMatchObject({ type: "TXT", host: "ob1._domainkey.mail.example.com" });
    expect(byPurpose.dmarc).toMatchObject({ type: "TXT", host: "_dmarc.mail.example.com" });
    expect(byPurpose.dmarc?.value).toMatch(/^v=DMARC1; p=none; /);
    expect(byPurpose.mx).toEqual({
      purpose: "mx",
      type: "MX",
      host: "mail.example.com",
      value: "mx.outbound.email",
      priority: 10,
    });

    // The published key is an RSA-2048 key whose private half is in the secret store and nowhere else.
    const publicKey = createPublicKey({
      key: Buffer.from(byPurpose.dkim?.value.split("p=")[1] ?? "", "base64"),
      format: "der",
      type: "spki",
    });
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const privatePem = await secrets.get(dkimSecretPath({ tenantId, domainId: domain.id }));
    expect(privatePem).toContain("BEGIN PRIVATE KEY");
    const signature = sign("sha256", Buffer.from("hello"), privatePem ?? "");
    expect(verify("sha256", Buffer.from("hello"), publicKey, signature)).toBe(true);
    const [row] = await database.db.select().from(schema.domains).where(eq(schema.domains.id, domain.id));
    expect(JSON.stringify(row)).not.toContain("PRIVATE KEY");
    expect(JSON.stringify(await caller.domains.get({ id: domain.id }))).not.toContain("PRIVATE KEY");
  });

  it("generates a different token and key pair for every domain", async () => {
    const { caller, companyId } = await setup();
    const a = await caller.domains.create({ companyId, domain: "a.example.com" });
    const b = await caller.domains.create({ companyId, domain: "b.example.com" });
    const values = (d: typeof a, purpose: string) => d.dnsRecords.find((r) => r.purpose === purpose)?.value;
    expect(values(a, "ownership")).not.toBe(values(b, "ownership"));
    expect(values(a, "dkim")).not.toBe(values(b, "dkim"));
  });

  it("stores internationalised names in their ASCII form and points MX at the Mailu host", async () => {
    const { caller, companyId } = await setup();
    const domain = await caller.domains.create({
      companyId,
      domain: "Bücher.example",
      mailuDomain: "Mail.Example.org",
    });
    expect(domain.domain).toBe("xn--bcher-kva.example");
    expect(domain.mailuDomain).toBe("mail.example.org");
    expect(domain.dnsRecords.find((r) => r.purpose === "mx")?.value).toBe("mail.example.org");
  });

  it("refuses host names that are not bare DNS names with a field error", async () => {
    const { caller, companyId } = await setup();
    const bad = [
      "https://example.com",
      "example.com/path",
      "example.com:25",
      "localhost",
      "192.168.0.1",
      "[::1]",
      "exa mple.com",
      "-example.com",
      "example-.com",
      "under_score.com",
      "example..com",
      `${"a".repeat(64)}.com`,
      `${"abcdefghi.".repeat(26)}com`,
      "example.123",
      "me@example.com",
      "",
    ];
    for (const domain of bad) {
      const error = await trpcFailure(caller.domains.create({ companyId, domain }));
      expect({ domain, code: error.code }).toEqual({ domain, code: "BAD_REQUEST" });
      expect(fieldErrorsOf(error)).toHaveProperty("domain");
    }
    const mailu = await trpcFailure(
      caller.domains.create({ companyId, domain: "ok.example", mailuDomain: "http://x" }),
    );
    expect(fieldErrorsOf(mailu)).toHaveProperty("mailuDomain");
    expect((await caller.domains.list({})).items).toHaveLength(0);
  });

  it("refuses a domain the tenant already has, in any case, but lets another tenant add it", async () => {
    const { caller, companyId } = await setup();
    await caller.domains.create({ companyId, domain: "dup.example" });
    const dup = await trpcFailure(caller.domains.create({ companyId, domain: "DUP.example" }));
    expect(dup.code).toBe("CONFLICT");
    expect(dup.message).toContain("dup.example is already added");
    const other = await setup();
    await expect(
      other.caller.domains.create({ companyId: other.companyId, domain: "dup.example" }),
    ).resolves.toBeTruthy();
  });

  it("counts against max_domains and forgets the key of a domain it refused", async () => {
    const { tenantId, caller, secrets, companyId } = await setup("free");
    await caller.domains.create({ companyId, domain: "first.example" });
    const refused = await trpcFailure(caller.domains.create({ companyId, domain: "second.example" }));
    expect(refused.code).toBe("PAYMENT_REQUIRED");
    expect(detailsOf(refused)).toMatchObject({ limit: "max_domains", allowed: 1, used: 1 });
    const keys = await database.db
      .select({ id: schema.domains.id })
      .from(schema.domains)
      .where(eq(schema.domains.tenantId, tenantId));
    expect(keys).toHaveLength(1);
    expect(secrets.paths()).toEqual([dkimSecretPath({ tenantId, domainId: keys[0]?.id ?? "" })]);
  });

  it("answers NOT_FOUND for a company that is not the tenant's", async () => {
    const { caller } = await setup();
    const other = await setup();
    expect((await trpcFailure(caller.domains.create({ companyId: other.companyId, domain: "x.example" }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("replays the first result for a repeated idempotency key, keeping only the first key pair", async () => {
    const { tenantId, caller, secrets, companyId } = await setup();
    const input = { companyId, domain: "once.example", idempotencyKey: "domain-1" };
    const first = await caller.domains.create(input);
    expect(await caller.domains.create(input)).toEqual(first);
    expect((await caller.domains.list({})).items).toHaveLength(1);
    expect(secrets.paths()).toEqual([dkimSecretPath({ tenantId, domainId: first.id })]);
  });
});

describe("domains list, get, update, setPrimary", () => {
  it("lists newest first, filtered by company and verification status", async () => {
    const { tenantId, caller, companyId } = await setup();
    const other = await caller.companies.create({ name: "Other", workspaceName: `other-${randomUUID().slice(0, 8)}` });
    await caller.domains.create({ companyId, domain: "one.example" });
    await caller.domains.create({ companyId, domain: "two.example" });
    await caller.domains.create({ companyId: other.id, domain: "three.example" });
    const page = await caller.domains.list({ limit: 2 });
    expect(page.items.map((d) => d.domain)).toEqual(["three.example", "two.example"]);
    const rest = await caller.domains.list({ limit: 2, cursor: page.nextCursor ?? undefined });
    expect(rest.items.map((d) => d.domain)).toEqual(["one.example"]);
    expect((await caller.domains.list({ companyId: other.id })).items.map((d) => d.domain)).toEqual(["three.example"]);
    await database.db
      .update(schema.domains)
      .set({ verificationStatus: "verified" })
      .where(and(eq(schema.domains.tenantId, tenantId), eq(schema.domains.domain, "two.example")));
    const verified = await caller.domains.list({ verificationStatus: "verified" });
    expect(verified.items.map((d) => d.domain)).toEqual(["two.example"]);
  });

  it("shows the active sending IP's address and warmup state, and null without one", async () => {
    const { tenantId, caller, companyId } = await setup();
    const domain = await caller.domains.create({ companyId, domain: "ip.example" });
    expect((await caller.domains.get({ id: domain.id })).ipAssignment).toBeNull();
    const [vps] = await database.db
      .insert(schema.vpsInstances)
      .values({ hostwindsInstanceId: randomUUID(), ipAddress: "198.51.100.1", region: "us-east", monthlyCost: "10.00" })
      .returning({ id: schema.vpsInstances.id });
    const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const [ip] = await database.db
      .insert(schema.smtpIpAddresses)
      .values({ vpsInstanceId: vps?.id ?? "", ipAddress: address })
      .returning({ id: schema.smtpIpAddresses.id });
    await database.db
      .insert(schema.domainIpAssignments)
      .values({ tenantId, domainId: domain.id, smtpIpAddressId: ip?.id ?? "", warmupState: "ramping" });
    expect((await caller.domains.get({ id: domain.id })).ipAssignment).toEqual({
      ipAddress: address,
      warmupState: "ramping",
    });
  });

  it("regenerates the MX record when mailuDomain changes and refuses a stale expectedUpdated", async () => {
    const { caller, companyId } = await setup();
    const domain = await caller.domains.create({ companyId, domain: "mx.example" });
    const updated = await caller.domains.update({
      id: domain.id,
      mailuDomain: "mailu.mx.example",
      expectedUpdated: domain.updated,
    });
    expect(updated.mailuDomain).toBe("mailu.mx.example");
    expect(updated.dnsRecords.find((r) => r.purpose === "mx")?.value).toBe("mailu.mx.example");
    // Every other record, the DKIM key included, stays as published.
    expect(updated.dnsRecords.filter((r) => r.purpose !== "mx")).toEqual(
      domain.dnsRecords.filter((r) => r.purpose !== "mx"),
    );
    const stale = await trpcFailure(
      caller.domains.update({ id: domain.id, mailuDomain: null, expectedUpdated: domain.updated }),
    );
    expect(stale.code).toBe("CONFLICT");
    const reset = await caller.domains.update({ id: domain.id, mailuDomain: null });
    expect(reset.dnsRecords.find((r) => r.purpose === "mx")?.value).toBe("mx.outbound.email");
  });

  it("keeps exactly one primary domain per company", async () => {
    const { caller, companyId } = await setup();
    const a = await caller.domains.create({ companyId, domain: "a.example" });
    const b = await caller.domains.create({ companyId, domain: "b.example" });
    expect([a.isPrimary, b.isPrimary]).toEqual([true, false]);
    expect((await caller.domains.setPrimary({ id: b.id })).isPrimary).toBe(true);
    const primaries = async () =>
      (await caller.domains.list({ companyId })).items.filter((d) => d.isPrimary).map((d) => d.domain);
    expect(await primaries()).toEqual(["b.example"]);
    expect((await caller.domains.setPrimary({ id: b.id })).isPrimary).toBe(true);
    expect(await primaries()).toEqual(["b.example"]);
    await Promise.all([caller.domains.setPrimary({ id: a.id }), caller.domains.setPrimary({ id: b.id })]);
    expect(await primaries()).toHaveLength(1);
  });
});

describe("domains.delete", () => {
  it("is refused while email accounts use the domain, listing them", async () => {
    const { tenantId, caller, companyId } = await setup();
    const domain = await caller.domains.create({ companyId, domain: "busy.example" });
    await database.db.insert(schema.emailAccounts).values([
      { tenantId, domainId: domain.id, email: "ada@busy.example" },
      { tenantId, domainId: domain.id, email: "bob@busy.example" },
    ]);
    const refused = await trpcFailure(caller.domains.delete({ id: domain.id }));
    expect(refused.code).toBe("CONFLICT");
    expect(detailsOf(refused)?.blockers).toEqual(["2 email accounts: ada@busy.example, bob@busy.example"]);
    expect(await caller.domains.get({ id: domain.id })).toMatchObject({ id: domain.id });
  });

  it("removes the domain and its DKIM key, and promotes another domain when the primary goes", async () => {
    const { tenantId, caller, secrets, companyId } = await setup();
    const a = await caller.domains.create({ companyId, domain: "a.example" });
    const b = await caller.domains.create({ companyId, domain: "b.example" });
    const path = dkimSecretPath({ tenantId, domainId: a.id });
    expect(await secrets.get(path)).not.toBeNull();
    expect(await caller.domains.delete({ id: a.id })).toMatchObject({ id: a.id, domain: "a.example" });
    expect(await secrets.get(path)).toBeNull();
    expect((await trpcFailure(caller.domains.get({ id: a.id }))).code).toBe("NOT_FOUND");
    expect((await caller.domains.get({ id: b.id })).isPrimary).toBe(true);
  });
});
