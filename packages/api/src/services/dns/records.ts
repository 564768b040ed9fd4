import { generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import type { DnsRecord } from "@outbound/db/schema";
import { normalizeHostName } from "../../domain/host-name.js";

export type { DnsRecord };

/**
 * The DKIM selector of keys generated here. Not `s1`/`s2`, which other senders (SendGrid)
 * publish under, so adding Outbound never collides with a key the domain already has.
 */
export const DKIM_SELECTOR = "ob1";

/** Operator settings (`system_config`) that shape the records, with their defaults. */
export interface DnsSettings {
  /** What SPF must include: the sending network's SPF record. */
  spfInclude: string;
  /** Where MX points when the domain names no Mailu host of its own. */
  defaultMxHost: string;
}

export const DNS_SETTING_KEYS = { spfInclude: "dns.spf_include", defaultMxHost: "dns.default_mx_host" } as const;
export const DEFAULT_DNS_SETTINGS: DnsSettings = {
  spfInclude: "spf.outbound.email",
  defaultMxHost: "mx.outbound.email",
};

/** Settings from `system_config` values; a missing or malformed value falls back to the default. */
export function dnsSettingsFrom(values: Record<string, unknown>): DnsSettings {
  const host = (key: string, fallback: string) => {
    const value = values[key];
    const normalized = typeof value === "string" ? normalizeHostName(value) : null;
    return normalized && "host" in normalized ? normalized.host : fallback;
  };
  return {
    spfInclude: host(DNS_SETTING_KEYS.spfInclude, DEFAULT_DNS_SETTINGS.spfInclude),
    defaultMxHost: host(DNS_SETTING_KEYS.defaultMxHost, DEFAULT_DNS_SETTINGS.defaultMxHost),
  };
}

export const MX_PRIORITY = 10;

export interface DkimKeyPair {
  /** PKCS#8 PEM: goes to the secret store, never into a row or a response. */
  privateKeyPem: string;
  /** Base64 DER SubjectPublicKeyInfo, the `p=` of the DKIM record. */
  publicKeyBase64: string;
}

const generateRsa = promisify(generateKeyPair);

export async function generateDkimKeyPair(): Promise<DkimKeyPair> {
  const { privateKey, publicKey } = await generateRsa("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyBase64: publicKey.toString("base64") };
}

/** Where a domain's DKIM private key lives in the secret store; derived, so no column has to hold it. */
export function dkimSecretPath(args: { tenantId: string; domainId: string; selector?: string }): string {
  return `tenants/${args.tenantId}/domains/${args.domainId}/dkim/${args.selector ?? DKIM_SELECTOR}`;
}

export function mxRecord(domain: string, mailuDomain: string | null, settings: DnsSettings): DnsRecord {
  return {
    purpose: "mx",
    type: "MX",
    host: domain,
    value: mailuDomain ?? settings.defaultMxHost,
    priority: MX_PRIORITY,
  };
}

/**
 * Everything the customer publishes for `domain`, with the values verification expects:
 * ownership token, SPF, DKIM, DMARC (monitoring only, `p=none`, so publishing it never
 * blocks mail) and MX.
 */
export function expectedRecords(args: {
  domain: string;
  mailuDomain: string | null;
  dkimPublicKey: string;
  settings: DnsSettings;
}): DnsRecord[] {
  const { domain, settings } = args;
  const token = randomBytes(16).toString("hex");
  return [
    { purpose: "ownership", type: "TXT", host: `_outbound.${domain}`, value: `outbound-verification=${token}` },
    { purpose: "spf", type: "TXT", host: domain, value: `v=spf1 include:${settings.spfInclude} ~all` },
    {
      purpose: "dkim",
      type: "TXT",
      host: `${DKIM_SELECTOR}._domainkey.${domain}`,
      value: `v=DKIM1; k=rsa; p=${args.dkimPublicKey}`,
    },
    { purpose: "dmarc", type: "TXT", host: `_dmarc.${domain}`, value: `v=DMARC1; p=none; rua=mailto:dmarc@${domain}` },
    mxRecord(domain, args.mailuDomain, settings),
  ];
}
