import type { AppRouter, ErrorData, ErrorDetails } from "@outbound/api";
import { TRPCClientError } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export { createOutboundClient, type OutboundClient } from "./client.js";
export { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type OutboundClientOptions, type RequestOptions } from "./config.js";
export {
  ApiError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  OutboundError,
  PermissionError,
  QuotaExceededError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
export {
  DEFAULT_IMPORT_CHUNK_SIZE,
  type ImportLeadRow,
  type ImportLeadsOptions,
  type ImportLeadsResult,
  type ImportProgress,
  type InvalidLeadRow,
  importLeads,
  type LeadStatus,
  MAX_IMPORT_CHUNK_SIZE,
} from "./import-leads.js";
export { type ListProcedure, type Page, type PaginateOptions, paginate } from "./pagination.js";
export {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookEvent,
  type WebhookEventType,
  WebhookVerificationError,
  type WebhookVerificationFailure,
} from "./webhooks.js";
export type { AppRouter, ErrorData, ErrorDetails };
export { TRPCClientError };

/** Inputs of every procedure, e.g. `RouterInputs["leads"]["create"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `RouterOutputs["leads"]["list"]["items"][number]`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/**
 * @deprecated Every call now rejects with an `OutboundError` subclass (which extends
 * `TRPCClientError`); catch those instead.
 */
export type OutboundClientError = TRPCClientError<AppRouter>;
