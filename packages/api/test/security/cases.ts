import { type Database, newId, schema } from "@outbound/db";
import { insertAddon } from "@outbound/db/queries/addons";
import { insertApiKey } from "@outbound/db/queries/api-keys";
import { insertFolder, linkTemplateToFolder } from "@outbound/db/queries/folders";
import { createLead } from "@outbound/db/queries/leads";
import { findStaffRoleByName, insertStaffMember } from "@outbound/db/queries/staff";
import { getCurrentSubscription, insertCurrentSubscription } from "@outbound/db/queries/subscriptions";
import { insertTag, tagTemplate } from "@outbound/db/queries/tags";
import { insertTemplate } from "@outbound/db/queries/templates";
import type { SecurityFixture } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { campaignCases } from "./campaign-cases.js";
import { messageCases, outreachCases, statsCases, suppressionCases } from "./outreach-cases.js";
import { webhookCases } from "./webhook-cases.js";

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

/**
 * A staff role of its own for each call, so granting and revoking never touch the seeded roles
 * other test files read on a shared database.
 */
async function suiteRole(c: CaseContext, holding?: string): Promise<string> {
  const name = `suite-${Math.random().toString(36).slice(2, 12)}`;
  const [role] = await c.db.insert(schema.staffRoles).values({ name }).returning({ id: schema.staffRoles.id });
  if (!role) throw new Error("role insert returned nothing");
  if (holding) {
    const [permission] = await c.db
      .select({ id: schema.permissions.id })
      .from(schema.permissions)
      .where(eq(schema.permissions.name, holding));
    if (!permission) throw new Error(`permission ${holding} not seeded`);
    await c.db.insert(schema.staffRolePermissions).values({ roleId: role.id, permissionId: permission.id });
  }
  return name;
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

/** A feature flag inserted directly; flags are global, so keys are unique per call. */
const flagOf = async (c: CaseContext) => {
  const [flag] = await c.db
    .insert(schema.featureFlags)
    .values({ key: `security_suite.${caseName().replace(/-/g, "_")}` })
    .returning({ id: schema.featureFlags.id });
  if (!flag) throw new Error("feature flag insert returned nothing");
  return flag;
};

/** A VPS with one IP and an active assignment of a fresh domain of `tenantId` on it, inserted directly. */
const ipAssignmentOf = async (c: CaseContext, tenantId: string) => {
  const tag = newId();
  const [vps] = await c.db
    .insert(schema.vpsInstances)
    .values({ hostwindsInstanceId: `case-${tag}`, ipAddress: "192.0.2.1", region: "us-east", monthlyCost: "10.00" })
    .returning({ id: schema.vpsInstances.id });
  if (!vps) throw new Error("vps insert returned nothing");
  const [ip] = await c.db
    .insert(schema.smtpIpAddresses)
    .values({ vpsInstanceId: vps.id, ipAddress: `2001:db8::${tag.slice(-4)}:${tag.slice(-8, -4)}` })
    .returning({ id: schema.smtpIpAddresses.id });
  if (!ip) throw new Error("smtp ip insert returned nothing");
  const domain = await domainOf(c, tenantId);
  const [assignment] = await c.db
    .insert(schema.domainIpAssignments)
    .values({ tenantId, domainId: domain.id, smtpIpAddressId: ip.id })
    .returning({ id: schema.domainIpAssignments.id });
  if (!assignment) throw new Error("assignment insert returned nothing");
  return { vpsId: vps.id, ipId: ip.id, domainId: domain.id, id: assignment.id };
};

/** Tenant b's add-on, on its current subscription (started here when it has none). */
const addonOf = async (c: CaseContext, tenantId: string) => {
  const [plan] = await c.db.select({ id: schema.plans.id }).from(schema.plans).where(eq(schema.plans.slug, "starter"));
  if (!plan) throw new Error("the starter plan is not seeded");
  const current =
    (await getCurrentSubscription(c.db, tenantId)) ??
    (await insertCurrentSubscription(c.db, { tenantId, planId: plan.id, status: "active" }));
  return insertAddon(c.db, {
    tenantId,
    subscriptionId: current.id,
    addonType: "domains",
    quantity: 1,
    priceMonthly: "5.00",
  });
};
const planFields = () => ({
  name: "Security plan",
  maxUsers: 1,
  maxDomains: 1,
  maxCampaignsPerMonth: 1,
  apiRateLimit: 60,
  maxEmailAccounts: 1,
  maxEmailsPerMonth: 100,
  maxWarmups: 1,
  maxContacts: 100,
  maxStorageGb: 1,
  priceMonthly: 100,
  priceYearly: 1000,
});

export const procedureCases: Record<string, ProcedureCase> = {
  "system.info": {},

  "auth.signUp": {
    input: () => ({ email: "new@example.test", password: "long enough password", name: "N", tenantName: "T" }),
  },
  "auth.signIn": { input: () => ({ email: "nobody@example.test", password: "whatever it is" }) },
  "auth.acceptInvitation": { input: () => ({ token: "not-a-token", password: "long enough password" }) },
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
  "admin.roles.grant": { input: async (c) => ({ role: await suiteRole(c), permission: "reports:read" }) },
  "admin.roles.revoke": {
    input: async (c) => ({ role: await suiteRole(c, "config:read"), permission: "config:read" }),
  },
  "admin.permissions.list": { input: () => ({}) },
  "billing.plans": {},
  "billing.subscription": {},
  "billing.usage": {},
  "billing.subscribe": {
    input: () => ({ planSlug: "starter" }),
    foreign: async (c) => ({ planSlug: "starter", billingContactUserId: c.fixture.b.userIds.owner }),
  },
  "billing.changePlan": { input: () => ({ planSlug: "growth" }) },
  "billing.cancel": {},
  "billing.resume": {},
  "billing.setBillingContact": {
    input: (c) => ({ userId: c.fixture.a.userIds.billing }),
    foreign: async (c) => ({ userId: c.fixture.b.userIds.owner }),
  },
  "billing.addons.list": {},
  "billing.addons.add": { input: () => ({ type: "dedicated_ip", quantity: 1 }) },
  "billing.addons.remove": {
    input: () => ({ id: newId() }),
    foreign: async (c) => ({ id: (await addonOf(c, c.fixture.b.tenantId)).id }),
  },
  "billing.payments.list": { input: () => ({}) },
  "admin.plans.create": { input: () => ({ slug: `security-${newId().slice(-12)}`, ...planFields() }) },
  "admin.plans.update": {
    input: () => ({ id: newId(), name: "Renamed" }),
    foreign: async () => ({ id: newId(), name: "Renamed" }),
  },
  "admin.plans.deactivate": { input: () => ({ id: newId() }), foreign: async () => ({ id: newId() }) },

  // Platform administration: tenants and the sending-IP pool. Staff name the tenant in the input,
  // so "another tenant's row" is tenant b's row under tenant a's id, or an id that exists nowhere.
  "admin.tenants.list": { input: () => ({ status: "active" }) },
  "admin.tenants.get": {
    input: (c) => ({ tenantId: c.fixture.a.tenantId }),
    foreign: async () => ({ tenantId: newId() }),
  },
  "admin.tenants.suspend": {
    input: (c) => ({ tenantId: c.fixture.a.tenantId, reason: "security suite" }),
    foreign: async () => ({ tenantId: newId(), reason: "security suite" }),
  },
  "admin.tenants.restore": {
    input: (c) => ({ tenantId: c.fixture.a.tenantId }),
    foreign: async () => ({ tenantId: newId() }),
  },
  "admin.vps.list": { input: () => ({}) },
  "admin.vps.get": {
    input: async (c) => ({ id: (await ipAssignmentOf(c, c.fixture.a.tenantId)).vpsId }),
    foreign: async () => ({ id: newId() }),
  },
  "admin.vps.create": {
    input: () => ({
      hostwindsInstanceId: `case-${newId()}`,
      ipAddress: "192.0.2.10",
      region: "us-east",
      monthlyCost: "12.50",
    }),
  },
  "admin.vps.update": {
    input: async (c) => ({ id: (await ipAssignmentOf(c, c.fixture.a.tenantId)).vpsId, region: "eu-west" }),
    foreign: async () => ({ id: newId(), region: "eu-west" }),
  },
  "admin.vps.scheduleDecommission": {
    input: async (c) => ({
      id: (await ipAssignmentOf(c, c.fixture.a.tenantId)).vpsId,
      at: new Date(Date.now() + 86_400_000),
    }),
    foreign: async () => ({ id: newId(), at: new Date(Date.now() + 86_400_000), force: true }),
  },
  "admin.smtpIps.list": { input: () => ({}), foreign: async () => ({ vpsInstanceId: newId() }) },
  "admin.smtpIps.get": {
    input: async (c) => ({ id: (await ipAssignmentOf(c, c.fixture.a.tenantId)).ipId }),
    foreign: async () => ({ id: newId() }),
  },
  "admin.smtpIps.create": {
    input: async (c) => ({
      vpsInstanceId: (await ipAssignmentOf(c, c.fixture.a.tenantId)).vpsId,
      ipAddress: "198.51.100.7",
    }),
    foreign: async () => ({ vpsInstanceId: newId(), ipAddress: "198.51.100.8" }),
  },
  "admin.smtpIps.update": {
    input: async (c) => ({ id: (await ipAssignmentOf(c, c.fixture.a.tenantId)).ipId, status: "paused" }),
    foreign: async () => ({ id: newId(), status: "paused" }),
  },
  "admin.smtpIps.recordReputation": {
    input: async (c) => ({
      id: (await ipAssignmentOf(c, c.fixture.a.tenantId)).ipId,
      reputationState: "poor",
      providerBlacklistStatus: { spamhaus: true },
    }),
    foreign: async () => ({ id: newId(), reputationState: "poor", providerBlacklistStatus: { spamhaus: true } }),
  },
  "admin.ipAssignments.list": {
    input: (c) => ({ tenantId: c.fixture.a.tenantId }),
    foreign: async (c) => ({
      tenantId: c.fixture.a.tenantId,
      domainId: (await ipAssignmentOf(c, c.fixture.b.tenantId)).domainId,
    }),
  },
  "admin.ipAssignments.assign": {
    input: async (c) => ({ tenantId: c.fixture.a.tenantId, domainId: (await domainOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ tenantId: c.fixture.a.tenantId, domainId: (await domainOf(c, c.fixture.b.tenantId)).id }),
  },
  "admin.ipAssignments.release": {
    input: async (c) => ({ tenantId: c.fixture.a.tenantId, id: (await ipAssignmentOf(c, c.fixture.a.tenantId)).id }),
    foreign: async (c) => ({ tenantId: c.fixture.a.tenantId, id: (await ipAssignmentOf(c, c.fixture.b.tenantId)).id }),
  },
  "admin.ipAssignments.updateWarmup": {
    input: async (c) => ({
      tenantId: c.fixture.a.tenantId,
      id: (await ipAssignmentOf(c, c.fixture.a.tenantId)).id,
      warmupState: "warming",
    }),
    foreign: async (c) => ({
      tenantId: c.fixture.a.tenantId,
      id: (await ipAssignmentOf(c, c.fixture.b.tenantId)).id,
      warmupState: "warming",
    }),
  },

  // Platform settings, flags and reports are global, not tenant rows: a flag id of "another
  // tenant" becomes a flag id that does not exist, which must be NOT_FOUND.
  "admin.systemConfig.list": { input: () => ({ category: "security_suite" }) },
  "admin.systemConfig.get": { input: () => ({ key: "security_suite.case" }) },
  "admin.systemConfig.set": { input: () => ({ key: "security_suite.case", value: { on: true } }) },
  "admin.systemConfig.delete": { input: () => ({ key: "security_suite.case" }) },
  "admin.featureFlags.list": { input: () => ({}) },
  "admin.featureFlags.get": {
    input: async (c) => ({ id: (await flagOf(c)).id }),
    foreign: async () => ({ id: newId() }),
  },
  "admin.featureFlags.create": { input: () => ({ key: `security_suite.${caseName().replace(/-/g, "_")}` }) },
  "admin.featureFlags.update": {
    input: async (c) => ({ id: (await flagOf(c)).id, rolloutPercentage: 50 }),
    foreign: async () => ({ id: newId(), rolloutPercentage: 50 }),
  },
  "admin.featureFlags.delete": {
    input: async (c) => ({ id: (await flagOf(c)).id }),
    foreign: async () => ({ id: newId() }),
  },
  "admin.reports.costAttribution": { input: () => ({ month: "2026-01" }) },
  "featureFlags.evaluate": { input: () => ({ keys: ["security_suite.unknown"] }) },

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

  ...campaignCases,
  ...outreachCases,
  ...suppressionCases,
  ...messageCases,
  ...webhookCases,
  ...statsCases,
};
