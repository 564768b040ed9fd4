import { randomBytes, randomUUID } from "node:crypto";
import {
  AppDeps,
  appRouter,
  type Clock,
  createCallerFactory,
  createContextInner,
  ephemeralSecretStore,
  ManualClock,
  type SecretStore,
} from "@outbound/api";
import { type Database, newId, schema } from "@outbound/db";
import { createTestPlan, createTestTenant, subscribe } from "@outbound/testing";
import type { TestDnsServer } from "@outbound/testing/dns-server";
import type { SmtpSink } from "@outbound/testing/smtp-sink";
import { and, eq } from "drizzle-orm";
import { EngineWorker, type MailTransport, SmtpTransport, type WorkerOptions } from "../../src/index.js";

const createCaller = createCallerFactory(appRouter);
export type EngineCaller = ReturnType<typeof createCaller>;

export const SINK_USER = "sender";
export const SINK_PASSWORD = "sink-password";

type PlanOverrides = Parameters<typeof createTestPlan>[1];

/**
 * A tenant set up as a customer would through the API: a company, a domain whose generated
 * records are published on the test DNS server and verified, and `mailboxes` mailboxes that
 * send through the sink. The API and the engine read one manual clock.
 */
export async function sendingTenant<C extends Clock = ManualClock>(
  db: Database,
  peers: { dns: TestDnsServer; sink: SmtpSink },
  options: {
    mailboxes?: number;
    plan?: PlanOverrides;
    clock?: C;
    dailyCap?: number;
    secrets?: SecretStore;
  } = {},
) {
  const clock = options.clock ?? (new ManualClock(new Date("2026-03-02T09:00:00Z")) as Clock as C);
  const tenant = await createTestTenant(db);
  const planId = await createTestPlan(db, {
    maxDomains: 10,
    maxEmailAccounts: 50,
    maxWarmups: 50,
    maxEmailsPerMonth: 100_000,
    maxCampaignsPerMonth: 100,
    maxContacts: 100_000,
    ...options.plan,
  });
  await subscribe(db, tenant.tenantId, { id: planId });
  const secrets = options.secrets ?? ephemeralSecretStore();
  const deps = new AppDeps(db, { secrets, dnsServers: [peers.dns.address], clock, allowNonPublicMailHosts: true });
  const caller = createCaller(createContextInner({ deps, authorization: `Bearer ${tenant.apiKey}` }));
  const unique = randomUUID().slice(0, 8);
  const company = await caller.companies.create({ name: "Acme outreach", workspaceName: `acme-${unique}` });
  const domain = await caller.domains.create({ companyId: company.id, domain: `acme-${unique}.example.test` });
  publishMore(peers.dns, domain.dnsRecords);
  const verified = await caller.domains.verify({ id: domain.id });
  if (verified.verificationStatus !== "verified")
    throw new Error(`domain not verified: ${verified.dnsVerificationError}`);
  const mailboxes = [];
  for (let i = 0; i < (options.mailboxes ?? 1); i++) {
    mailboxes.push(
      await caller.emailAccounts.create({
        domainId: domain.id,
        email: `rep${i + 1}@${domain.domain}`,
        smtp: {
          host: "127.0.0.1",
          port: peers.sink.port,
          security: "none",
          username: SINK_USER,
          password: SINK_PASSWORD,
        },
        ...(options.dailyCap ? { dailyCap: options.dailyCap } : {}),
      }),
    );
  }
  const tokenKey = randomBytes(32);
  const worker = (options: WorkerOptions & { transport?: MailTransport; db?: Database } = {}) =>
    new EngineWorker(
      {
        db: options.db ?? db,
        secrets,
        clock,
        transport: options.transport ?? new SmtpTransport({ allowNonPublic: true, timeoutMs: 5_000 }),
        tokenKey,
        publicUrl: "https://outbound.example.test",
        log: (level, message, fields) => {
          if (level === "error") console.error(message, fields);
        },
      },
      { tenantIds: [tenant.tenantId], ...options },
    );
  return { ...tenant, clock, deps, caller, company, domain: verified, mailboxes, secrets, tokenKey, worker };
}
export type SendingTenant = Awaited<ReturnType<typeof sendingTenant<ManualClock>>>;

/** Adds records to what the DNS server serves, keeping other tenants' domains published. */
function publishMore(dns: TestDnsServer, records: { type: string; host: string; value: string; priority?: number }[]) {
  for (const record of records) {
    const name = record.host.toLowerCase();
    if (record.type === "TXT") dns.zone.txt.set(name, [...(dns.zone.txt.get(name) ?? []), record.value]);
    if (record.type === "MX") {
      dns.zone.mx.set(name, [
        ...(dns.zone.mx.get(name) ?? []),
        { exchange: record.value, priority: record.priority ?? 10 },
      ]);
    }
  }
}

/** `count` leads of the tenant, inserted directly (the leads API is not what these tests are about). */
export async function addLeads(db: Database, tenantId: string, count: number, prefix = "lead") {
  const unique = randomUUID().slice(0, 6);
  const rows = Array.from({ length: count }, (_, i) => ({
    tenantId,
    email: `${prefix}${i + 1}-${unique}@customer.example.test`,
    name: `Person ${i + 1} Example`,
    company: "Customer Inc",
  }));
  const inserted = [];
  for (let i = 0; i < rows.length; i += 1000) {
    inserted.push(
      ...(await db
        .insert(schema.leads)
        .values(rows.slice(i, i + 1000))
        .returning({ id: schema.leads.id, email: schema.leads.email })),
    );
  }
  return inserted;
}

/** Enrolls the leads at step 1, due now: what `campaigns.leads.add` does. */
export async function enroll(db: Database, tenantId: string, campaignId: string, leadIds: string[], now: Date) {
  for (let i = 0; i < leadIds.length; i += 1000) {
    await db
      .insert(schema.campaignLeads)
      .values(
        leadIds
          .slice(i, i + 1000)
          .map((leadId) => ({ id: newId(), tenantId, campaignId, leadId, nextActionAt: now, enrolled: now })),
      );
  }
}

export async function enrollments(db: Database, tenantId: string, campaignId: string) {
  return db
    .select()
    .from(schema.campaignLeads)
    .where(and(eq(schema.campaignLeads.tenantId, tenantId), eq(schema.campaignLeads.campaignId, campaignId)));
}

export async function messagesOf(db: Database, tenantId: string, campaignId: string) {
  return db
    .select()
    .from(schema.messages)
    .where(and(eq(schema.messages.tenantId, tenantId), eq(schema.messages.campaignId, campaignId)));
}

/** A template, and an active campaign whose steps are given as the steps API takes them. */
export async function campaignWith(
  t: Pick<SendingTenant, "caller" | "company">,
  steps: Array<Record<string, unknown> & { stepType: "email" | "wait" | "condition" }>,
  options: { template?: { subject: string; content: string } } = {},
) {
  const template = await t.caller.templates.create({
    name: `T ${randomUUID().slice(0, 6)}`,
    subject: options.template?.subject ?? "Hello {{first_name|there}}",
    content: options.template?.content ?? "Hi {{first_name|there}},\n\nA short note from Acme.\n",
  });
  const campaign = await t.caller.campaigns.create({ companyId: t.company.id, name: "Outreach" });
  for (const step of steps) {
    const fields = step.stepType === "email" ? { templateId: template.id, ...step } : step;
    await t.caller.campaigns.steps.add({ campaignId: campaign.id, ...fields } as never);
  }
  return { campaign, template };
}
