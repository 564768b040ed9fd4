import { randomUUID } from "node:crypto";
import { type Database, newId, schema } from "@outbound/db";
import { type TestTenant, trpcFailure } from "@outbound/testing";
import { DomainError } from "../src/errors.js";

/** A company with a domain and a mailbox on it, inserted directly (no passwords in any store). */
export async function sendingSetup(
  db: Database,
  tenantId: string,
  options: { verified?: boolean; mailboxStatus?: string } = {},
) {
  const tag = randomUUID().slice(0, 8);
  const [company] = await db
    .insert(schema.companies)
    .values({ tenantId, name: "Acme", workspaceName: `campaign-${newId()}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  const [domain] = await db
    .insert(schema.domains)
    .values({
      tenantId,
      companyId: company.id,
      domain: `send-${tag}.example.test`,
      verificationStatus: options.verified === false ? "pending" : "verified",
    })
    .returning({ id: schema.domains.id, domain: schema.domains.domain });
  if (!domain) throw new Error("domain insert returned nothing");
  const settings = { host: "127.0.0.1", port: 9, security: "none" as const, username: "box" };
  const email = `box-${tag}@${domain.domain}`;
  const [mailbox] = await db
    .insert(schema.emailAccounts)
    .values({
      tenantId,
      domainId: domain.id,
      email,
      status: options.mailboxStatus ?? "active",
      smtpSettings: settings,
      imapSettings: settings,
    })
    .returning({ id: schema.emailAccounts.id });
  if (!mailbox) throw new Error("mailbox insert returned nothing");
  return { companyId: company.id, domainId: domain.id, domain: domain.domain, mailboxId: mailbox.id, email };
}

export const templateFor = (t: TestTenant, name = "Intro") =>
  t.caller.templates.create({
    name,
    subject: "Hello {{first_name|there}}",
    content: "{Hi|Hi} {{first_name|there}} at {{company|your company}}",
  });

export const detailsOf = async (promise: Promise<unknown>) => {
  const cause = (await trpcFailure(promise)).cause;
  return cause instanceof DomainError ? cause.details : undefined;
};
