import { honourIdempotencyHeaderOn } from "./idempotency-header.js";
import { adminRouter } from "./routers/admin/index.js";
import { apiKeysRouter } from "./routers/api-keys.js";
import { authRouter } from "./routers/auth.js";
import { billingRouter } from "./routers/billing.js";
import { campaignsRouter } from "./routers/campaigns.js";
import { companiesRouter } from "./routers/companies.js";
import { domainsRouter } from "./routers/domains.js";
import { emailAccountsRouter } from "./routers/email-accounts.js";
import { featureFlagsRouter } from "./routers/feature-flags.js";
import { foldersRouter } from "./routers/folders.js";
import { leadsRouter } from "./routers/leads.js";
import { membersRouter } from "./routers/members.js";
import { messagesRouter } from "./routers/messages.js";
import { preferencesRouter } from "./routers/preferences.js";
import { suppressionsRouter } from "./routers/suppressions.js";
import { systemRouter } from "./routers/system.js";
import { tagsRouter } from "./routers/tags.js";
import { templatesRouter } from "./routers/templates.js";
import { tenantConfigRouter } from "./routers/tenant-config.js";
import { tenantPoliciesRouter } from "./routers/tenant-policies.js";
import { tenantsRouter } from "./routers/tenants.js";
import { webhooksRouter } from "./routers/webhooks.js";
import { createRouter } from "./trpc.js";

export const appRouter = createRouter({
  system: systemRouter,
  auth: authRouter,
  leads: leadsRouter,
  templates: templatesRouter,
  folders: foldersRouter,
  tags: tagsRouter,
  apiKeys: apiKeysRouter,
  tenants: tenantsRouter,
  members: membersRouter,
  preferences: preferencesRouter,
  tenantConfig: tenantConfigRouter,
  tenantPolicies: tenantPoliciesRouter,
  webhooks: webhooksRouter,
  admin: adminRouter,
  billing: billingRouter,
  companies: companiesRouter,
  domains: domainsRouter,
  emailAccounts: emailAccountsRouter,
  campaigns: campaignsRouter,
  featureFlags: featureFlagsRouter,
  suppressions: suppressionsRouter,
  messages: messagesRouter,
});

honourIdempotencyHeaderOn(appRouter);

export type AppRouter = typeof appRouter;
