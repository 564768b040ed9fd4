import type { DnsRecord } from "./records.js";

export type RecordStatus = NonNullable<DnsRecord["status"]>;

const tokens = (value: string) => value.trim().toLowerCase().split(/\s+/);

/** DKIM/DMARC tag lists (`v=DKIM1; k=rsa; p=…`) as a map; values keep their case, whitespace removed. */
function tags(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of value.split(";")) {
    const at = part.indexOf("=");
    if (at > 0) out.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).replace(/\s+/g, ""));
  }
  return out;
}

/**
 * Whether one published value satisfies the expected record. Where customers legitimately
 * publish more than we ask, more is accepted: an SPF record with other mechanisms as long as it
 * includes ours, and any DMARC policy (ours is only a monitoring starting point).
 */
function satisfies(record: DnsRecord, seen: string): boolean {
  switch (record.purpose) {
    case "ownership":
      return seen.trim() === record.value;
    case "spf": {
      const published = tokens(seen);
      return (
        published[0] === "v=spf1" &&
        tokens(record.value).every((t) => !t.startsWith("include:") || published.includes(t))
      );
    }
    case "dkim": {
      const published = tags(seen);
      const key = published.get("k") ?? "rsa";
      return key.toLowerCase() === "rsa" && published.get("p") === tags(record.value).get("p");
    }
    case "dmarc":
      return tags(seen).get("v")?.toUpperCase() === "DMARC1";
    case "mx":
      return tokens(seen)[1] === record.value.toLowerCase();
  }
}

/** found / wrong_value / missing for one record given the values published at its host. */
export function checkRecord(record: DnsRecord, values: string[]): RecordStatus {
  if (values.some((value) => satisfies(record, value))) return "found";
  // Unrelated TXT strings at the apex (site verifications…) don't make a missing SPF "wrong".
  const relevant = record.purpose === "spf" ? values.filter((v) => tokens(v)[0] === "v=spf1") : values;
  return relevant.length > 0 ? "wrong_value" : "missing";
}

const LABELS: Record<DnsRecord["purpose"], string> = {
  ownership: "ownership TXT record",
  spf: "SPF record",
  dkim: "DKIM record",
  dmarc: "DMARC record",
  mx: "MX record",
};

function problem(record: DnsRecord): string {
  const what = `The ${LABELS[record.purpose]} at ${record.host}`;
  if (record.status === "wrong_value") return `${what} has a different value than expected`;
  return record.status === "missing" ? `${what} was not found` : `${what} has not been checked yet`;
}

export type VerificationStatus = "pending" | "verified" | "partially_verified" | "failed";

/**
 * The domain's status from its checked records: the ownership record decides between failed
 * and the rest; every record found is verified. The error is one sentence about the first
 * record that is not right, counting the others.
 */
export function summarize(records: DnsRecord[]): { status: VerificationStatus; error: string | null } {
  const ownership = records.find((r) => r.purpose === "ownership");
  const wrong = records.filter((r) => r.status !== "found");
  const first = ownership && ownership.status !== "found" ? ownership : wrong[0];
  if (!first) return { status: "verified", error: null };
  const others = wrong.length - 1;
  const more =
    others > 0
      ? `, and ${others} other record${others === 1 ? "" : "s"} also need${others === 1 ? "s" : ""} attention`
      : "";
  const status = first === ownership ? "failed" : "partially_verified";
  return { status, error: `${problem(first)}${more}.` };
}
