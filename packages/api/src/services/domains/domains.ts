import { type Database, newId } from "@outbound/db";
import { lockCompany } from "@outbound/db/queries/companies";
import {
  companyHasPrimaryDomain,
  type DomainPatch,
  deleteDomain as deleteDomainRow,
  domainEmailAccounts,
  domainNameTaken,
  getActiveIpAssignment,
  getDomain,
  getDomainForUpdate,
  getSystemConfigValues,
  insertDomain,
  makePrimaryDomain,
  oldestCompanyDomain,
  updateDomain as updateDomainRow,
} from "@outbound/db/queries/domains";
import type { AppDeps } from "../../context.js";
import { conflict, notFound } from "../../errors.js";
import { summarize } from "../dns/check.js";
import {
  DNS_SETTING_KEYS,
  type DnsSettings,
  dkimSecretPath,
  dnsSettingsFrom,
  expectedRecords,
  generateDkimKeyPair,
  mxRecord,
} from "../dns/records.js";
import type { Once } from "../platform/idempotency.js";
import { updatedOrExplain } from "../platform/updates.js";
import { withinLimit } from "../quotas/limits.js";
import { forgetSecrets } from "../secrets/secret-store.js";

type Deps = Pick<AppDeps, "db" | "secrets" | "clock">;

async function loadDnsSettings(db: Database): Promise<DnsSettings> {
  return dnsSettingsFrom(await getSystemConfigValues(db, Object.values(DNS_SETTING_KEYS)));
}

/** A domain with the sending IP actively assigned to it (address and warmup state only), or null. */
export async function getDomainWithIp(db: Database, args: { tenantId: string; id: string }) {
  const domain = await getDomain(db, args);
  if (!domain) throw notFound("Domain");
  const ipAssignment = await getActiveIpAssignment(db, { tenantId: args.tenantId, domainId: args.id });
  return { ...domain, ipAssignment };
}

export interface CreateDomainArgs {
  tenantId: string;
  companyId: string;
  domain: string;
  mailuDomain?: string | undefined;
  idempotencyKey?: string | undefined;
}

/**
 * Adds a domain with freshly generated records to publish. The DKIM private key is stored
 * before the row exists (the secret store may be the same database, so it must not wait on
 * our transaction) and removed again if the row doesn't come to be or an earlier call with
 * the same idempotency key answers instead. The company's first domain becomes its primary.
 */
export async function createDomain(deps: Pick<AppDeps, "secrets" | "clock"> & { once: Once }, args: CreateDomainArgs) {
  const { tenantId } = args;
  const id = newId();
  const keys = await generateDkimKeyPair();
  const secretPath = dkimSecretPath({ tenantId, domainId: id });
  await deps.secrets.put(secretPath, keys.privateKeyPem);
  const discardKey = () => forgetSecrets(deps.secrets, [secretPath]);
  try {
    const created = await deps.once((db) =>
      withinLimit(db, { tenantId, limit: "max_domains", now: deps.clock.now() }, async (tx) => {
        // Creates of one tenant take turns under the limit lock, so the name check can't race.
        if (!(await lockCompany(tx, { tenantId, id: args.companyId }))) throw notFound("Company");
        if (await domainNameTaken(tx, { tenantId, domain: args.domain })) {
          throw conflict(`The domain ${args.domain} is already added to this account`, {
            fieldErrors: { domain: ["is already added"] },
          });
        }
        const mailuDomain = args.mailuDomain ?? null;
        const settings = await loadDnsSettings(tx);
        return insertDomain(tx, {
          id,
          tenantId,
          companyId: args.companyId,
          domain: args.domain,
          mailuDomain,
          isPrimary: !(await companyHasPrimaryDomain(tx, { tenantId, companyId: args.companyId })),
          dnsRecords: expectedRecords({
            domain: args.domain,
            mailuDomain,
            dkimPublicKey: keys.publicKeyBase64,
            settings,
          }),
        });
      }),
    );
    if (created.id !== id) await discardKey();
    return created;
  } catch (error) {
    await discardKey();
    throw error;
  }
}

/**
 * Points MX at `mailuDomain` (null: the platform's mail host) and regenerates that record. A
 * checked domain is re-summarised, so a changed MX no longer counts as verified until seen.
 */
export async function updateDomain(
  db: Database,
  args: { tenantId: string; id: string; mailuDomain?: string | null | undefined; expectedUpdated?: Date | undefined },
) {
  return db.transaction(async (tx) => {
    const current = await getDomainForUpdate(tx, args);
    if (!current) throw notFound("Domain");
    const mailuDomain = args.mailuDomain === undefined ? current.mailuDomain : args.mailuDomain;
    const mx = mxRecord(current.domain, mailuDomain, await loadDnsSettings(tx));
    const dnsRecords = current.dnsRecords.map((r) =>
      r.purpose === "mx" && (r.value !== mx.value || r.priority !== mx.priority) ? mx : r,
    );
    const patch: DomainPatch = { mailuDomain, dnsRecords };
    if (current.verificationStatus !== "pending") {
      const { status, error } = summarize(dnsRecords);
      Object.assign(patch, { verificationStatus: status, dnsVerificationError: error });
      if (status !== "verified") patch.verified = null;
    }
    const row = await updateDomainRow(tx, {
      tenantId: args.tenantId,
      id: args.id,
      patch,
      expectedUpdated: args.expectedUpdated,
    });
    // The row is locked and exists, so no row back means `expectedUpdated` was stale.
    return updatedOrExplain(row, { what: "Domain", exists: async () => true });
  });
}

/** Exactly one primary per company: the old one is cleared and the new one set in one transaction. */
export async function setPrimaryDomain(db: Database, args: { tenantId: string; id: string }) {
  return db.transaction(async (tx) => {
    const domain = await getDomain(tx, args);
    if (!domain) throw notFound("Domain");
    await lockCompany(tx, { tenantId: args.tenantId, id: domain.companyId });
    const primary = await makePrimaryDomain(tx, { tenantId: args.tenantId, companyId: domain.companyId, id: args.id });
    if (!primary) throw notFound("Domain");
    return primary;
  });
}

const SAMPLE = 10;

/**
 * Refused while mailboxes send from the domain or a sending IP is actively assigned to it.
 * When the primary goes, the company's oldest remaining domain becomes primary. The DKIM key
 * is removed once the row is gone.
 */
export async function deleteDomain(deps: Deps, args: { tenantId: string; id: string }) {
  const deleted = await deps.db.transaction(async (tx) => {
    const domain = await getDomain(tx, args);
    if (!domain) throw notFound("Domain");
    await lockCompany(tx, { tenantId: args.tenantId, id: domain.companyId });
    const accounts = await domainEmailAccounts(tx, { tenantId: args.tenantId, domainId: args.id, sample: SAMPLE });
    const ip = await getActiveIpAssignment(tx, { tenantId: args.tenantId, domainId: args.id });
    const blockers: string[] = [];
    if (accounts.count > 0) {
      const more =
        accounts.count > accounts.emails.length ? `, and ${accounts.count - accounts.emails.length} more` : "";
      const noun = accounts.count === 1 ? "email account" : "email accounts";
      blockers.push(`${accounts.count} ${noun}: ${accounts.emails.join(", ")}${more}`);
    }
    if (ip) blockers.push(`sending IP ${ip.ipAddress} is assigned to it: ask support to release it`);
    if (blockers.length > 0) {
      throw conflict(`The domain ${domain.domain} is still in use: ${blockers.join("; ")}`, { blockers });
    }
    await deleteDomainRow(tx, args);
    if (domain.isPrimary) {
      const next = await oldestCompanyDomain(tx, { tenantId: args.tenantId, companyId: domain.companyId });
      if (next) await makePrimaryDomain(tx, { tenantId: args.tenantId, companyId: domain.companyId, id: next.id });
    }
    return domain;
  });
  await forgetSecrets(deps.secrets, [dkimSecretPath({ tenantId: args.tenantId, domainId: args.id })]);
  return deleted;
}
