import { type Database, newId, schema } from "@outbound/db";
import { insertApiKey } from "@outbound/db/queries/credentials";
import { insertFolder, linkTemplateToFolder } from "@outbound/db/queries/folders";
import { createLead } from "@outbound/db/queries/leads";
import { findStaffRoleByName, insertStaffMember } from "@outbound/db/queries/staff";
import { insertTag, tagTemplate } from "@outbound/db/queries/tags";
import { insertTemplate } from "@outbound/db/queries/templates";
import type { SecurityFixture } from "@outbound/testing";
import { eq } from "drizzle-orm";

export interface CaseContext {
  db: Database;
  fixture: SecurityFixture;
}

/**
 * How the security suite calls one procedure. Every procedure of the router needs an entry
 * (the suite fails on a missing one). A procedure whose input names an id must say, in
 * `foreign`, how to aim the call at tenant b's rows: called by tenant a it must be NOT_FOUND
 * and change nothing.
 */
export interface ProcedureCase {
  /** A valid input for tenant a; omitted for procedures without input. */
  input?: (c: CaseContext) => unknown;
  foreign?: (c: CaseContext) => Promise<unknown>;
}

const leadOf = (c: CaseContext, tenantId: string) =>
  createLead(c.db, { tenantId, email: `lead-${Math.random().toString(36).slice(2)}@example.test` });

// Templates, folders and tags of `tenantId`, inserted directly; names are unique per call.
const caseName = () => `case-${Math.random().toString(36).slice(2)}`;
const templateOf = (c: CaseContext, tenantId: string) =>
  insertTemplate(c.db, { tenantId, name: caseName(), subject: "Hi {{first_name|there}}", content: "{Hi|Hello}" });
const folderOf = (c: CaseContext, tenantId: string) => insertFolder(c.db, { tenantId, name: caseName() });
const tagOf = (c: CaseContext, tenantId: string) => insertTag(c.db, { tenantId, name: caseName() });
const folderWithTemplateOf = async (c: CaseContext, tenantId: string) => {
  const [folder, template] = [await folderOf(c, tenantId), await templateOf(c, tenantId)];
  await linkTemplateToFolder(c.db, { tenantId, folderId: folder.id, templateId: template.id });
  return { folderId: folder.id, templateId: template.id };
};
const taggedTemplateOf = async (c: CaseContext, tenantId: string) => {
  const [tag, template] = [await tagOf(c, tenantId), await templateOf(c, tenantId)];
  await tagTemplate(c.db, { tenantId, tagId: tag.id, templateId: template.id });
  return { tagId: tag.id, templateId: template.id };
};

const apiKeyOf = (c: CaseContext, tenantId: string) => {
  const secret = `ob_live_case_${Math.random().toString(36).slice(2)}`;
  return insertApiKey(c.db, {
    tenantId,
    name: "case key",
    prefix: secret.slice(0, 14),
    keyHash: secret,
    scope: "write",
  });
};

/** A user of tenant a made staff with the support role: staff ids are user ids. */
const staffMemberOf = async (c: CaseContext) => {
  const userId = c.fixture.a.userIds.admin;
  const role = await findStaffRoleByName(c.db, "support");
  if (!role) throw new Error("the support staff role is not seeded");
  await insertStaffMember(c.db, { userId, roleId: role.id });
  return userId;
};

/** A company, a domain and a mailbox on it, inserted directly; the mailbox's passwords are not in any store. */
const emailAccountOf = async (c: CaseContext, tenantId: string) => {
  const tag = Math.random().toString(36).slice(2);
  const [company] = await c.db
    .insert(schema.companies)
    .values({ tenantId, name: "Mail case", workspaceName: `mail-case-${tag}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  const [domain] = await c.db
    .insert(schema.domains)
    .values({ tenantId, companyId: company.id, domain: `mail-${tag}.example.test` })
    .returning({ id: schema.domains.id, domain: schema.domains.domain });
  if (!domain) throw new Error("domain insert returned nothing");
  const id = newId();
  const settings = { host: "127.0.0.1", port: 9, security: "none" as const, username: "case" };
  await c.db.insert(schema.emailAccounts).values({
    id,
    tenantId,
    domainId: domain.id,
    email: `box@${domain.domain}`,
    vaultKeyPath: `tenants/${tenantId}/email-accounts/${id}`,
    smtpSettings: settings,
    imapSettings: settings,
  });
  return { id, domainId: domain.id, domain: domain.domain };
};
const emailAccountIdOf = async (c: CaseContext, tenantId: string) => ({ id: (await emailAccountOf(c, tenantId)).id });

/** A company of `tenantId` with a unique workspace name, inserted directly. */
const companyOf = async (c: CaseContext, tenantId: string) => {
  const [company] = await c.db
    .insert(schema.companies)
    .values({ tenantId, name: "Case company", workspaceName: `case-${newId()}` })
    .returning({ id: schema.companies.id });
  if (!company) throw new Error("company insert returned nothing");
  return company;
};

/** A domain of `tenantId` on a fresh company, inserted directly (no DKIM key in any store). */
const domainOf = async (c: CaseContext, tenantId: string) => {
  const company = await companyOf(c, tenantId);
  const [domain] = await c.db
    .insert(schema.domains)
    .values({ tenantId, companyId: company.id, domain: `case-${newId()}.example.test` })
    .returning({ id: schema.domains.id });
  if (!domain) throw new Error("domain insert returned nothing");
  return domain;
};

export const procedureCases: Record<string, ProcedureCase> = {
  "system.info": {},

  "auth.signUp": {
    input: () => ({ email: "new@example.test", password: "long enough password", name: "N", tenantName: "T" }),
  },
  "auth.signIn": { input: () => ({ email: "nobody@example.test", password: "whatever it is" }) },
  "auth.signOut": {},
  "auth.me": {},
  "auth.switchTenant": {
    input: (c) => ({ tenantId: c.fixture.a.tenantId }),
    foreign: async (c) => ({ tenantId: c.fixture.b.tenantId }),
  },
  "auth.changePassword": { input: () => ({ currentPassword: "old password", newPassword: "new password 123" }) },
  "auth.enrollTotp": {},
  "auth.confirmTotp": { input: () => ({ code: "123456" }) },

  "leads.list": { input: () => ({}) },
  "leads.get": {
    input: async (c) => ({ id: (await leadOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await leadOf(c, c.fixture.b.tenantId)).id }),
  },
  "leads.create": { input: () => ({ email: "created@example.test" }) },
  "leads.update": {
    input: async (c) => ({ id: (await leadOf(c, c.fixture.a.tenantId)).id, name: "Renamed" }),
    foreign: async (c) => ({ id: (await leadOf(c, c.fixture.b.tenantId)).id, name: "Renamed" }),
  },
  "leads.setStatus": {
    input: async (c) => ({ id: (await leadOf(c, c.fixture.a.tenantId)).id, status: "contacted" }),
    foreign: async (c) => ({ id: (await leadOf(c, c.fixture.b.tenantId)).id, status: "contacted" }),
  },
  "leads.delete": {
    input: async (c) => ({ id: (await leadOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await leadOf(c, c.fixture.b.tenantId)).id }),
  },
  "leads.import": { input: () => ({ rows: [{ email: "imported@example.test" }, { email: "broken" }] }) },

  // Templates, folders and tags: tenant b's template, lead, folder and tag ids must look missing to tenant a.
  "templates.list": {
    input: () => ({}),
    foreign: async (c) => ({ folderId: (await folderOf(c, c.fixture.b.tenantId)).id }),
  },
  "templates.get": {
    input: async (c) => ({ id: (await templateOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await templateOf(c, c.fixture.b.tenantId)).id }),
  },
  "templates.create": { input: () => ({ name: "Case", subject: "Hi", content: "{Hi|Hello} {{first_name|there}}" }) },
  "templates.update": {
    input: async (c) => ({ id: (await templateOf(c, c.fixture.a.tenantId)).id, subject: "New subject" }),
    foreign: async (c) => ({ id: (await templateOf(c, c.fixture.b.tenantId)).id, subject: "New subject" }),
  },
  "templates.delete": {
    input: async (c) => ({ id: (await templateOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await templateOf(c, c.fixture.b.tenantId)).id }),
  },
  "templates.duplicate": {
    input: async (c) => ({ id: (await templateOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await templateOf(c, c.fixture.b.tenantId)).id }),
  },
  "templates.render": {
    input: async (c) => ({
      id: (await templateOf(c, c.fixture.a.tenantId)).id,
      leadId: (await leadOf(c, c.fixture.a.tenantId)).id,
    }),
    foreign: async (c) => ({
      id: (await templateOf(c, c.fixture.b.tenantId)).id,
      leadId: (await leadOf(c, c.fixture.b.tenantId)).id,
    }),
  },
  "folders.list": { input: () => ({}) },
  "folders.create": { input: () => ({ name: "Case folder" }) },
  "folders.rename": {
    input: async (c) => ({ id: (await folderOf(c, c.fixture.a.tenantId)).id, name: caseName() }),
    foreign: async (c) => ({ id: (await folderOf(c, c.fixture.b.tenantId)).id, name: caseName() }),
  },
  "folders.delete": {
    input: async (c) => ({ id: (await folderOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await folderOf(c, c.fixture.b.tenantId)).id }),
  },
  "folders.addTemplate": {
    input: async (c) => ({
      folderId: (await folderOf(c, c.fixture.a.tenantId)).id,
      templateId: (await templateOf(c, c.fixture.a.tenantId)).id,
    }),
    foreign: async (c) => ({
      folderId: (await folderOf(c, c.fixture.b.tenantId)).id,
      templateId: (await templateOf(c, c.fixture.b.tenantId)).id,
    }),
  },
  "folders.removeTemplate": {
    input: (c) => folderWithTemplateOf(c, c.fixture.a.tenantId),
    foreign: (c) => folderWithTemplateOf(c, c.fixture.b.tenantId),
  },
  "tags.list": { input: () => ({}) },
  "tags.create": { input: () => ({ name: "case-tag", value: "v", description: "d" }) },
  "tags.update": {
    input: async (c) => ({ id: (await tagOf(c, c.fixture.a.tenantId)).id, description: "changed" }),
    foreign: async (c) => ({ id: (await tagOf(c, c.fixture.b.tenantId)).id, description: "changed" }),
  },
  "tags.delete": {
    input: async (c) => ({ id: (await tagOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await tagOf(c, c.fixture.b.tenantId)).id }),
  },
  "tags.tagTemplate": {
    input: async (c) => ({
      tagId: (await tagOf(c, c.fixture.a.tenantId)).id,
      templateId: (await templateOf(c, c.fixture.a.tenantId)).id,
    }),
    foreign: async (c) => ({
      tagId: (await tagOf(c, c.fixture.b.tenantId)).id,
      templateId: (await templateOf(c, c.fixture.b.tenantId)).id,
    }),
  },
  "tags.untagTemplate": {
    input: (c) => taggedTemplateOf(c, c.fixture.a.tenantId),
    foreign: (c) => taggedTemplateOf(c, c.fixture.b.tenantId),
  },

  // Identity and tenancy: API keys, tenants, members.
  "apiKeys.list": { input: () => ({}) },
  "apiKeys.create": { input: () => ({ name: "security suite key" }) },
  "apiKeys.revoke": {
    input: async (c) => ({ id: (await apiKeyOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await apiKeyOf(c, c.fixture.b.tenantId)).id }),
  },
  "tenants.current": {},
  "tenants.list": { input: () => ({}) },
  "tenants.update": { input: () => ({ name: "Renamed by the security suite" }) },
  "tenants.delete": { input: () => ({ confirmName: "not the tenant name" }) },
  "members.list": { input: () => ({}) },
  "members.add": { input: () => ({ email: "invitee@example.test", roles: ["member"] }) },
  "members.updateRoles": {
    input: (c) => ({ userId: c.fixture.a.userIds.member, roles: ["member"] }),
    foreign: async (c) => ({ userId: c.fixture.b.userIds.member, roles: ["admin"] }),
  },
  "members.remove": {
    input: (c) => ({ userId: c.fixture.a.userIds.member }),
    foreign: async (c) => ({ userId: c.fixture.b.userIds.member }),
  },

  // Settings: the caller's preferences, the tenant's config and policies (no ids: always the caller's own rows).
  "preferences.get": {},
  "preferences.update": { input: () => ({ theme: "dark" }) },
  "tenantConfig.get": {},
  "tenantConfig.update": { input: () => ({ uiDateFormat: "DD/MM/YYYY" }) },
  "tenantPolicies.get": {},
  "tenantPolicies.update": { input: () => ({ passwordMinLength: 12 }) },

  // Staff administration. Staff procedures are not tenant-scoped: their ids are user ids, and
  // "another tenant's row" becomes a user who is not staff (tenant b's owner), which must be NOT_FOUND.
  "admin.staff.list": { input: () => ({}) },
  "admin.staff.add": { input: () => ({ email: "invitee@example.test", role: "support", notes: "security suite" }) },
  "admin.staff.updateRole": {
    input: async (c) => ({ userId: await staffMemberOf(c), role: "ops" }),
    foreign: async (c) => ({ userId: c.fixture.b.userIds.owner, role: "superadmin" }),
  },
  "admin.staff.remove": {
    input: async (c) => ({ userId: await staffMemberOf(c) }),
    foreign: async (c) => ({ userId: c.fixture.b.userIds.owner }),
  },
  "admin.roles.list": { input: () => ({}) },
  "admin.roles.create": { input: () => ({ name: "security-suite" }) },
  "admin.roles.grant": { input: () => ({ role: "support", permission: "reports:read" }) },
  "admin.roles.revoke": { input: () => ({ role: "support", permission: "config:read" }) },
  "admin.permissions.list": { input: () => ({}) },

  // Mailboxes: every id of tenant b's mailbox (or domain) must look missing to tenant a.
  "emailAccounts.list": {
    input: () => ({}),
    foreign: async (c) => ({ domainId: (await emailAccountOf(c, c.fixture.b.tenantId)).domainId }),
  },
  "emailAccounts.get": {
    input: (c) => emailAccountIdOf(c, c.fixture.a.tenantId),
    foreign: (c) => emailAccountIdOf(c, c.fixture.b.tenantId),
  },
  "emailAccounts.create": {
    input: async (c) => {
      const { domainId, domain } = await emailAccountOf(c, c.fixture.a.tenantId);
      return {
        domainId,
        email: `new@${domain}`,
        smtp: { host: "smtp.example.test", port: 587, security: "starttls", username: "new", password: "pw" },
      };
    },
    foreign: async (c) => {
      const { domainId, domain } = await emailAccountOf(c, c.fixture.b.tenantId);
      return {
        domainId,
        email: `new@${domain}`,
        smtp: { host: "smtp.example.test", port: 587, security: "starttls", username: "new", password: "pw" },
      };
    },
  },
  "emailAccounts.update": {
    input: async (c) => ({ ...(await emailAccountIdOf(c, c.fixture.a.tenantId)), dailyCap: 10 }),
    foreign: async (c) => ({ ...(await emailAccountIdOf(c, c.fixture.b.tenantId)), dailyCap: 10 }),
  },
  "emailAccounts.updateCredentials": {
    input: async (c) => ({ ...(await emailAccountIdOf(c, c.fixture.a.tenantId)), smtpPassword: "rotated" }),
    foreign: async (c) => ({ ...(await emailAccountIdOf(c, c.fixture.b.tenantId)), smtpPassword: "rotated" }),
  },
  "emailAccounts.delete": {
    input: (c) => emailAccountIdOf(c, c.fixture.a.tenantId),
    foreign: (c) => emailAccountIdOf(c, c.fixture.b.tenantId),
  },
  "emailAccounts.setStatus": {
    input: async (c) => ({ ...(await emailAccountIdOf(c, c.fixture.a.tenantId)), status: "paused" }),
    foreign: async (c) => ({ ...(await emailAccountIdOf(c, c.fixture.b.tenantId)), status: "paused" }),
  },
  "emailAccounts.startWarmup": {
    input: (c) => emailAccountIdOf(c, c.fixture.a.tenantId),
    foreign: (c) => emailAccountIdOf(c, c.fixture.b.tenantId),
  },
  "emailAccounts.stopWarmup": {
    input: (c) => emailAccountIdOf(c, c.fixture.a.tenantId),
    foreign: async (c) => {
      const { id } = await emailAccountOf(c, c.fixture.b.tenantId);
      await c.db.update(schema.emailAccounts).set({ warmupStarted: new Date() }).where(eq(schema.emailAccounts.id, id));
      return { id };
    },
  },
  "emailAccounts.recordSend": {
    input: (c) => emailAccountIdOf(c, c.fixture.a.tenantId),
    foreign: (c) => emailAccountIdOf(c, c.fixture.b.tenantId),
  },
  "emailAccounts.testConnection": {
    input: (c) => emailAccountIdOf(c, c.fixture.a.tenantId),
    foreign: (c) => emailAccountIdOf(c, c.fixture.b.tenantId),
  },

  // Workspaces and sending domains: tenant b's company or domain id must look missing to tenant a.
  "companies.list": { input: () => ({}) },
  "companies.get": {
    input: async (c) => ({ id: (await companyOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await companyOf(c, c.fixture.b.tenantId)).id }),
  },
  "companies.create": { input: () => ({ name: "Case workspace", workspaceName: `case-new-${newId()}` }) },
  "companies.update": {
    input: async (c) => ({ id: (await companyOf(c, c.fixture.a.tenantId)).id, name: "Renamed" }),
    foreign: async (c) => ({ id: (await companyOf(c, c.fixture.b.tenantId)).id, name: "Renamed" }),
  },
  "companies.delete": {
    input: async (c) => ({ id: (await companyOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await companyOf(c, c.fixture.b.tenantId)).id }),
  },
  "domains.list": {
    input: () => ({}),
    foreign: async (c) => ({ companyId: (await companyOf(c, c.fixture.b.tenantId)).id }),
  },
  "domains.get": {
    input: async (c) => ({ id: (await domainOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await domainOf(c, c.fixture.b.tenantId)).id }),
  },
  "domains.create": {
    input: async (c) => ({ companyId: (await companyOf(c, c.fixture.a.tenantId)).id, domain: "case.example.test" }),
    foreign: async (c) => ({ companyId: (await companyOf(c, c.fixture.b.tenantId)).id, domain: "case.example.test" }),
  },
  "domains.update": {
    input: async (c) => ({ id: (await domainOf(c, c.fixture.a.tenantId)).id, mailuDomain: "mail.example.test" }),
    foreign: async (c) => ({ id: (await domainOf(c, c.fixture.b.tenantId)).id, mailuDomain: "mail.example.test" }),
  },
  "domains.delete": {
    input: async (c) => ({ id: (await domainOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await domainOf(c, c.fixture.b.tenantId)).id }),
  },
  "domains.setPrimary": {
    input: async (c) => ({ id: (await domainOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await domainOf(c, c.fixture.b.tenantId)).id }),
  },
  "domains.verify": {
    input: async (c) => ({ id: (await domainOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ id: (await domainOf(c, c.fixture.b.tenantId)).id }),
  },
};
