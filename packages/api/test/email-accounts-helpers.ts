import { randomUUID } from "node:crypto";
import { type Database, schema } from "@outbound/db";
import { createTestPlan, createTestTenant, subscribe, trpcFailure } from "@outbound/testing";
import { and, eq, like } from "drizzle-orm";
import { z } from "zod";
import { AppDeps, type AppDepsOptions, createContextInner } from "../src/context.js";
import { DomainError } from "../src/errors.js";
import { appRouter } from "../src/root.js";
import type { SecretStore } from "../src/services/secrets/secret-store.js";
import { createCallerFactory } from "../src/trpc.js";

const createCaller = createCallerFactory(appRouter);
export type MailboxCaller = ReturnType<typeof createCaller>;

type PlanOverrides = Parameters<typeof createTestPlan>[1];

/** A tenant on a private plan (generous unless overridden), with a domain and a caller whose server uses `secrets`. */
export async function mailboxTenant(
  db: Database,
  secrets: SecretStore,
  plan: PlanOverrides = {},
  options: Omit<AppDepsOptions, "secrets"> = {},
) {
  const tenant = await createTestTenant(db);
  const planId = await createTestPlan(db, {
    maxEmailAccounts: 50,
    maxWarmups: 50,
    maxEmailsPerMonth: 10_000,
    ...plan,
  });
  await subscribe(db, tenant.tenantId, { id: planId });
  const deps = new AppDeps(db, { ...options, secrets });
  const caller = createCaller(createContextInner({ deps, authorization: `Bearer ${tenant.apiKey}` }));
  const domain = await addDomain(db, tenant.tenantId);
  return { ...tenant, caller, domain, deps };
}

/** A company and a domain of the tenant, inserted directly (the domains router is not what is tested here). */
export async function addDomain(
  db: Database,
  tenantId: string,
  name = `mail-${randomUUID().slice(0, 8)}.example.test`,
) {
  const [company] = await db
    .insert(schema.companies)
    .values({ tenantId, name: "Mail test", workspaceName: `mail-test-${randomUUID()}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  const [domain] = await db
    .insert(schema.domains)
    .values({ tenantId, companyId: company.id, domain: name })
    .returning({ id: schema.domains.id, domain: schema.domains.domain });
  if (!domain) throw new Error("domain insert returned nothing");
  return { ...domain, companyId: company.id };
}

export const smtpSettings = (overrides: Record<string, unknown> = {}) => ({
  host: "smtp.example.test",
  port: 587,
  security: "starttls" as const,
  username: "mailer",
  password: `smtp-${randomUUID()}`,
  ...overrides,
});

/** Paths the store holds for this tenant (only the embedded store's table can be listed). */
export async function storedSecretPaths(db: Database, tenantId: string): Promise<string[]> {
  const rows = await db
    .select({ path: schema.secrets.path })
    .from(schema.secrets)
    .where(like(schema.secrets.path, `tenants/${tenantId}/%`));
  return rows.map((r) => r.path).sort();
}

export async function mailboxRow(db: Database, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(schema.emailAccounts)
    .where(and(eq(schema.emailAccounts.tenantId, tenantId), eq(schema.emailAccounts.id, id)));
  return row;
}

/** The refused call's tRPC code and, for bad input, the field paths named. */
export async function failureOf(promise: Promise<unknown>) {
  const error = await trpcFailure(promise);
  const cause = error.cause;
  const fields =
    cause instanceof z.ZodError
      ? cause.issues.map((i) => i.path.join("."))
      : cause instanceof DomainError
        ? Object.keys(cause.details.fieldErrors ?? {})
        : [];
  const details = cause instanceof DomainError ? cause.details : {};
  return { code: error.code, message: error.message, fields, details };
}
