import { randomBytes, randomUUID } from "node:crypto";
import { type AppDeps, appRouter, createCallerFactory, createContextInner } from "@outbound/api";
import { signUp } from "@outbound/api/services/auth/sign-in";
import { summarize } from "@outbound/api/services/dns/check";
import { recordDomainVerification } from "@outbound/db/queries/domains";
import type { TestWorkspace } from "./types.js";

const createCaller = createCallerFactory(appRouter);

/** The plan the workspace is on: API access and room for any test suite. */
const PLAN_SLUG = "scale";

/**
 * A ready-to-send workspace made through the real services, as a customer would: sign-up, an
 * upgrade to a plan with API access, a write API key, a company, a domain with its generated
 * records (a fresh DKIM key) and a mailbox. Names carry a random part, so every instance has
 * its own ids, key and addresses.
 */
export async function seedWorkspace(deps: AppDeps): Promise<{ apiKey: string; workspace: TestWorkspace }> {
  const unique = randomUUID().slice(0, 8);
  const owner = await signUp(
    deps.db,
    {
      email: `owner-${unique}@testkit.example`,
      password: randomBytes(18).toString("base64url"),
      name: "Testkit Owner",
      tenantName: `Testkit ${unique}`,
    },
    deps.clock.now(),
  );
  const asOwner = createCaller(createContextInner({ deps, authorization: `Bearer ${owner.token}` }));
  await asOwner.billing.changePlan({ planSlug: PLAN_SLUG });
  const key = await asOwner.apiKeys.create({ name: "testkit", scope: "write" });
  if (!key.key) throw new Error("the API key was created without its secret");
  const api = createCaller(createContextInner({ deps, authorization: `Bearer ${key.key}` }));

  const company = await api.companies.create({ name: "Testkit Outreach", workspaceName: `testkit-${unique}` });
  const domain = await api.domains.create({ companyId: company.id, domain: `${unique}.testkit.example` });
  await verifyAsPublished(deps, { tenantId: owner.tenant.id, id: domain.id, records: domain.dnsRecords });
  const mailbox = await api.emailAccounts.create({
    domainId: domain.id,
    email: `sales@${domain.domain}`,
    smtp: {
      host: "smtp.testkit.example",
      port: 587,
      security: "starttls",
      username: `sales@${domain.domain}`,
      password: randomBytes(18).toString("base64url"),
    },
  });
  return {
    apiKey: key.key,
    workspace: {
      tenantId: owner.tenant.id,
      companyId: company.id,
      domainId: domain.id,
      domain: domain.domain,
      emailAccountId: mailbox.id,
      senderEmail: mailbox.email,
    },
  };
}

/**
 * Records a verification run that found every generated record published (there is no DNS in
 * the testkit); the status comes from the same rule `domains.verify` applies.
 */
async function verifyAsPublished(
  deps: AppDeps,
  args: { tenantId: string; id: string; records: Parameters<typeof summarize>[0] },
): Promise<void> {
  const checkedAt = deps.clock.now();
  const dnsRecords = args.records.map((record) => ({
    ...record,
    status: "found" as const,
    seen: [record.value],
    checkedAt: checkedAt.toISOString(),
  }));
  const { status, error } = summarize(dnsRecords);
  if (status !== "verified") throw new Error(`the seeded domain did not verify: ${error}`);
  await recordDomainVerification(deps.db, {
    tenantId: args.tenantId,
    id: args.id,
    patch: {
      dnsRecords,
      verificationStatus: status,
      verified: checkedAt,
      dnsLastVerifiedAt: checkedAt,
      dnsVerificationError: null,
    },
  });
}
