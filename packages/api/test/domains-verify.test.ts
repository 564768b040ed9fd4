import { randomUUID } from "node:crypto";
import { createSocket } from "node:dgram";
import { callerFor, createTestTenant, subscribe, useTestDatabase } from "@outbound/testing";
import { startDnsServer, type TestDnsServer } from "@outbound/testing/dns-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const database = useTestDatabase();
let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer();
});
afterAll(async () => {
  await dns.close();
});
beforeEach(() => {
  dns.publish([]);
  dns.zone.failure = null;
  dns.zone.ttl = 300;
});

/** A tenant with one company and one domain, calling through resolvers at `servers`. */
async function domainFor(servers: string[] = [dns.address]) {
  const tenant = await createTestTenant(database.db);
  await subscribe(database.db, tenant.tenantId, { slug: "scale" });
  const caller = callerFor(database.db, `Bearer ${tenant.apiKey}`, { dnsServers: servers });
  const company = await caller.companies.create({ name: "Acme", workspaceName: `acme-${randomUUID().slice(0, 8)}` });
  const name = `${randomUUID().slice(0, 8)}.example.com`;
  const domain = await caller.domains.create({ companyId: company.id, domain: name });
  const record = (purpose: string) => {
    const found = domain.dnsRecords.find((r) => r.purpose === purpose);
    if (!found) throw new Error(`no ${purpose} record`);
    return found;
  };
  return { caller, domain, name, record };
}

/** A loopback port nothing listens on: queries sent there are refused. */
async function closedPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

describe("domains.verify against a real DNS server", () => {
  it("verifies a domain whose records are all published, recording what it saw and the TTL", async () => {
    const { caller, domain } = await domainFor();
    dns.zone.ttl = 120;
    dns.publish(domain.dnsRecords);
    const before = Date.now();
    const verified = await caller.domains.verify({ id: domain.id });
    expect(verified).toMatchObject({
      verificationStatus: "verified",
      dnsVerificationError: null,
      dnsVerificationAttempts: 1,
      dnsTtlObserved: 120,
    });
    expect(verified.verified?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(verified.dnsLastVerifiedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    for (const record of verified.dnsRecords) {
      const seen = record.type === "MX" ? [`${record.priority} ${record.value}`] : [record.value];
      expect(record).toMatchObject({ status: "found", seen });
      expect(new Date(record.checkedAt ?? "").getTime()).toBeGreaterThanOrEqual(before - 1000);
    }
    expect(await caller.domains.get({ id: domain.id })).toMatchObject({ verificationStatus: "verified" });
  });

  it("is partially verified when the DKIM record has another value, and says so in one sentence", async () => {
    const { caller, domain, name, record } = await domainFor();
    const otherKey = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwrong";
    dns.publish(domain.dnsRecords.map((r) => (r.purpose === "dkim" ? { ...r, value: otherKey } : r)));
    const result = await caller.domains.verify({ id: domain.id });
    expect(result.verificationStatus).toBe("partially_verified");
    expect(result.dnsVerificationError).toBe(
      `The DKIM record at ob1._domainkey.${name} has a different value than expected.`,
    );
    expect(result.dnsRecords.find((r) => r.purpose === "dkim")).toMatchObject({
      status: "wrong_value",
      seen: [otherKey],
      value: record("dkim").value,
    });
    expect(result.verified).toBeNull();
  });

  it("fails when the ownership record is missing, whatever else is published", async () => {
    const { caller, domain, name } = await domainFor();
    dns.publish(domain.dnsRecords.filter((r) => r.purpose !== "ownership"));
    const result = await caller.domains.verify({ id: domain.id });
    expect(result.verificationStatus).toBe("failed");
    expect(result.dnsVerificationError).toBe(`The ownership TXT record at _outbound.${name} was not found.`);
    expect(result.dnsRecords.find((r) => r.purpose === "ownership")).toMatchObject({ status: "missing", seen: [] });
  });

  it("counts every attempt and turns verified once the missing records appear", async () => {
    const { caller, domain, name } = await domainFor();
    dns.publish(domain.dnsRecords.filter((r) => r.purpose === "ownership"));
    const first = await caller.domains.verify({ id: domain.id });
    expect(first).toMatchObject({ verificationStatus: "partially_verified", dnsVerificationAttempts: 1 });
    expect(first.dnsVerificationError).toBe(
      `The SPF record at ${name} was not found, and 3 other records also need attention.`,
    );
    expect((await caller.domains.verify({ id: domain.id })).dnsVerificationAttempts).toBe(2);
    dns.publish(domain.dnsRecords);
    expect(await caller.domains.verify({ id: domain.id })).toMatchObject({
      verificationStatus: "verified",
      dnsVerificationAttempts: 3,
      dnsVerificationError: null,
    });
  });

  it("accepts an SPF record with other mechanisms and the customer's own DMARC policy", async () => {
    const { caller, domain, name, record } = await domainFor();
    dns.publish([
      ...domain.dnsRecords.filter((r) => r.purpose !== "spf" && r.purpose !== "dmarc"),
      { type: "TXT", host: name, value: "google-site-verification=abc" },
      { type: "TXT", host: name, value: "v=spf1 include:_spf.google.com include:spf.outbound.email -all" },
      { type: "TXT", host: `_dmarc.${name}`, value: "v=DMARC1; p=reject; pct=100" },
    ]);
    expect((await caller.domains.verify({ id: domain.id })).verificationStatus).toBe("verified");

    dns.publish([
      ...domain.dnsRecords.filter((r) => r.purpose !== "spf"),
      { type: "TXT", host: name, value: "v=spf1 include:_spf.google.com ~all" },
    ]);
    const result = await caller.domains.verify({ id: domain.id });
    expect(result.verificationStatus).toBe("partially_verified");
    expect(result.dnsRecords.find((r) => r.purpose === "spf")).toMatchObject({
      status: "wrong_value",
      value: record("spf").value,
    });
  });

  it("flags an MX pointing elsewhere, and a changed MX as not checked yet", async () => {
    const { caller, domain, name } = await domainFor();
    dns.publish(domain.dnsRecords);
    const verified = await caller.domains.verify({ id: domain.id });
    expect(verified.verificationStatus).toBe("verified");
    const moved = await caller.domains.update({ id: domain.id, mailuDomain: `mailu.${name}` });
    expect(moved).toMatchObject({
      verificationStatus: "partially_verified",
      verified: null,
      dnsVerificationError: `The MX record at ${name} has not been checked yet.`,
    });
    const checked = await caller.domains.verify({ id: domain.id });
    expect(checked.dnsRecords.find((r) => r.purpose === "mx")).toMatchObject({
      status: "wrong_value",
      seen: ["10 mx.outbound.email"],
    });
    expect(checked.dnsVerificationError).toBe(`The MX record at ${name} has a different value than expected.`);
  });

  it("reports an unreachable DNS server in a sentence and changes nothing but the attempt", async () => {
    const { caller, domain, name } = await domainFor([`127.0.0.1:${await closedPort()}`]);
    const result = await caller.domains.verify({ id: domain.id });
    expect(result).toMatchObject({
      verificationStatus: "pending",
      dnsVerificationAttempts: 1,
      dnsRecords: domain.dnsRecords,
      dnsTtlObserved: null,
    });
    expect(result.dnsVerificationError).toBe(
      `We could not check the DNS records of ${name} because the DNS server refused the connection; nothing was changed, so try again in a few minutes.`,
    );
  });

  it("keeps a verified domain verified when the DNS server fails, saying why", async () => {
    const { caller, domain } = await domainFor();
    dns.publish(domain.dnsRecords);
    const verified = await caller.domains.verify({ id: domain.id });
    dns.zone.failure = "servfail";
    const result = await caller.domains.verify({ id: domain.id });
    expect(result).toMatchObject({
      verificationStatus: "verified",
      verified: verified.verified,
      dnsRecords: verified.dnsRecords,
      dnsVerificationAttempts: 2,
    });
    expect(result.dnsVerificationError).toContain("the DNS server reported a server failure");
  });

  it("reports a DNS server that never answers as a timeout, not an internal error", async () => {
    const { caller, domain, name } = await domainFor();
    dns.zone.failure = "silent";
    const result = await caller.domains.verify({ id: domain.id });
    expect(result).toMatchObject({ verificationStatus: "pending", dnsVerificationAttempts: 1 });
    expect(result.dnsVerificationError).toBe(
      `We could not check the DNS records of ${name} because the DNS server did not answer in time; nothing was changed, so try again in a few minutes.`,
    );
  });
});
