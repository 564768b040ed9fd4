import type { Database } from "@outbound/db";
import {
  type DomainPatch,
  getDomain,
  getDomainForUpdate,
  recordDomainVerification,
} from "@outbound/db/queries/domains";
import { notFound } from "../../errors.js";
import { checkRecord, summarize } from "../dns/check.js";
import { createDnsLookup, describeUnreachable, type LookupOutcome } from "../dns/lookup.js";
import type { DnsRecord } from "../dns/records.js";

const recordKey = (r: DnsRecord) => `${r.purpose}|${r.type}|${r.host}|${r.value}|${r.priority ?? ""}`;

/** One lookup per (type, host): the apex TXT serves SPF, and lookups run in parallel. */
async function lookUpAll(records: DnsRecord[], servers: string[] | null): Promise<Map<string, LookupOutcome>> {
  const lookup = createDnsLookup(servers);
  const pending = new Map<string, Promise<LookupOutcome>>();
  for (const r of records) {
    const key = `${r.type}|${r.host}`;
    if (!pending.has(key)) pending.set(key, r.type === "MX" ? lookup.mx(r.host) : lookup.txt(r.host));
  }
  const settled = await Promise.all([...pending].map(async ([key, outcome]) => [key, await outcome] as const));
  return new Map(settled);
}

/**
 * Looks every record up in DNS (outside any transaction: lookups can take seconds), then
 * merges the results into the domain's current records under a row lock, so a record changed
 * meanwhile (a new MX) keeps its own state instead of taking a result meant for its old value.
 *
 * A lookup that got no answer at all (timeout, refused, SERVFAIL) makes the whole run
 * inconclusive: records and status stay as they were, and the error says the DNS server could
 * not be asked. Every run counts as an attempt and sets `dnsLastVerifiedAt`.
 * `dnsTtlObserved` is the smallest TTL among the records seen (found or with another value).
 */
export async function verifyDomain(
  deps: { db: Database; dnsServers: string[] | null },
  args: { tenantId: string; id: string },
) {
  const domain = await getDomain(deps.db, args);
  if (!domain) throw notFound("Domain");
  const outcomes = await lookUpAll(domain.dnsRecords, deps.dnsServers);
  const checkedAt = new Date();
  const outcomeOf = (r: DnsRecord) => outcomes.get(`${r.type}|${r.host}`);
  const unreachable = [...outcomes.values()].find((o) => o.kind === "unreachable");

  return deps.db.transaction(async (tx) => {
    const current = await getDomainForUpdate(tx, args);
    if (!current) throw notFound("Domain");
    const record = async (patch: DomainPatch) => {
      const row = await recordDomainVerification(tx, { ...args, patch });
      if (!row) throw notFound("Domain");
      return row;
    };
    if (unreachable?.kind === "unreachable") {
      const reason = describeUnreachable(unreachable.code);
      return record({
        dnsLastVerifiedAt: checkedAt,
        dnsVerificationError: `We could not check the DNS records of ${current.domain} because the DNS server ${reason}; nothing was changed, so try again in a few minutes.`,
      });
    }
    const results = new Map<string, DnsRecord>();
    let minTtl: number | null = null;
    for (const record of domain.dnsRecords) {
      const outcome = outcomeOf(record);
      const seen = outcome?.kind === "answer" ? outcome.values : [];
      if (outcome?.kind === "answer" && outcome.ttl !== null) minTtl = Math.min(minTtl ?? outcome.ttl, outcome.ttl);
      const status = checkRecord(record, seen);
      results.set(recordKey(record), { ...record, status, seen, checkedAt: checkedAt.toISOString() });
    }
    const dnsRecords = current.dnsRecords.map((r) => results.get(recordKey(r)) ?? r);
    const { status, error } = summarize(dnsRecords);
    return record({
      dnsRecords,
      verificationStatus: status,
      verified: status === "verified" ? (current.verified ?? checkedAt) : null,
      dnsTtlObserved: minTtl,
      dnsLastVerifiedAt: checkedAt,
      dnsVerificationError: error,
    });
  });
}
