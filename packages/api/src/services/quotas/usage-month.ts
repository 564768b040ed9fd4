/**
 * The month a plan's monthly quotas count: the UTC calendar month of the instant (from the
 * injected clock). One definition for the launch quota, the email counter and billing usage.
 */
export const monthStart = (at: Date): Date => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));

/** The key of the tenant's monthly counters (`tenant_usage.month`): the first day of `at`'s UTC month. */
export const usageMonth = (at: Date): string => monthStart(at).toISOString().slice(0, 10);
