export type { AccessRule, ProcedureMeta, RestOperation, TenantLevel, TenantRole } from "./access.js";
export { TENANT_ROLES } from "./access.js";
export type { Clock } from "./clock.js";
export { ManualClock, systemClock } from "./clock.js";
export type { AppDepsOptions, ContextInput, RequestContext } from "./context.js";
export { AppDeps, createContextInner, ephemeralSecretStore } from "./context.js";
export type { ErrorData } from "./error-mapping.js";
export type { ErrorDetails } from "./errors.js";
export { DomainError } from "./errors.js";
export { idempotentMutationPaths } from "./idempotency-header.js";
export type { LoggableError } from "./loggable-error.js";
export { loggableError } from "./loggable-error.js";
export type { AppRouter } from "./root.js";
export { appRouter } from "./root.js";
export { generateApiKey, generateSessionToken, hashToken } from "./services/auth/tokens.js";
export { LocalBillingProvider } from "./services/billing/local-provider.js";
export type { BillingProvider } from "./services/billing/provider.js";
export { renewDueLocalSubscriptions } from "./services/billing/renewals.js";
export type { StripeProviderOptions } from "./services/billing/stripe-provider.js";
export { StripeBillingProvider } from "./services/billing/stripe-provider.js";
export type { WebhookOutcome } from "./services/billing/webhooks.js";
export { handleStripeWebhook } from "./services/billing/webhooks.js";
export type { ActivationReport } from "./services/campaigns/campaigns.js";
export { activateDueCampaigns } from "./services/campaigns/campaigns.js";
export { recordClick, recordOpen } from "./services/outreach/tracking.js";
export { unsubscribeByToken, unsubscribeTarget } from "./services/outreach/unsubscribe.js";
export type { PlatformMail, PlatformMailer } from "./services/platform/mail.js";
export { smtpPlatformMailer } from "./services/platform/mail.js";
export type { RateLimiter, RateLimitResult } from "./services/platform/rate-limit.js";
export { MemoryRateLimiter, RedisRateLimiter } from "./services/platform/rate-limit.js";
export {
  DatabaseSecretStore,
  generateSecretKey,
  parseSecretKey,
} from "./services/secrets/database-secret-store.js";
export type { SecretStore } from "./services/secrets/secret-store.js";
export type { VaultOptions } from "./services/secrets/vault-secret-store.js";
export { VaultSecretStore } from "./services/secrets/vault-secret-store.js";
export { releaseExpiredAssignments } from "./services/staff/ip-pool.js";
export type { StaffUserResult } from "./services/staff/staff-users.js";
export { createStaffUser } from "./services/staff/staff-users.js";
export { type DispatchReport, dispatchDueWebhooks } from "./services/webhooks/dispatch.js";
export type { WebhookDeps } from "./services/webhooks/endpoints.js";
export { createCallerFactory } from "./trpc.js";
