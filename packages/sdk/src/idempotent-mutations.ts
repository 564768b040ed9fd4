// Generated from the router by scripts/generate-idempotent-mutations.ts (run by `pnpm build`); do not edit.
import type { IdempotentMutationPath } from "./idempotency.js";

/** The mutations the client gives an idempotency key when the caller didn't, which makes them safe to retry. */
export const IDEMPOTENT_MUTATIONS = [
  "admin.smtpIps.create",
  "admin.vps.create",
  "apiKeys.create",
  "billing.addons.add",
  "billing.subscribe",
  "campaigns.create",
  "companies.create",
  "domains.create",
  "emailAccounts.create",
  "folders.create",
  "leads.create",
  "leads.import",
  "members.add",
  "suppressions.add",
  "tags.create",
  "templates.create",
  "templates.duplicate",
  "webhooks.create",
] as const satisfies readonly IdempotentMutationPath[];
