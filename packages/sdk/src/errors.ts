import type { AppRouter } from "@outbound/api";
import { TRPCClientError } from "@trpc/client";

type ErrorShape = NonNullable<TRPCClientError<AppRouter>["shape"]>;

/** What every error class is built from; `fromFailure` in `error-mapping.ts` is the only caller. */
export interface OutboundErrorInit {
  message: string;
  code: string;
  httpStatus?: number | undefined;
  requestId?: string | undefined;
  path?: string | undefined;
  /** The server's error as its formatter shaped it, when the server answered with one. */
  shape?: ErrorShape | undefined;
  cause?: Error | undefined;
  meta?: Record<string, unknown> | undefined;
  /** Seconds, for rate limits. */
  retryAfter?: number | undefined;
  timeoutMs?: number | undefined;
}

/**
 * The base of every error a call through the client rejects with. It extends tRPC's
 * `TRPCClientError`, so `error.data` (code, httpStatus, fieldErrors, details, requestId) and
 * code written against plain tRPC keep working.
 */
export class OutboundError extends TRPCClientError<AppRouter> {
  override name = "OutboundError";
  /** The contract's code (`NOT_FOUND`, `CONFLICT`, …), or `CONNECTION_ERROR`, `TIMEOUT`, `CLIENT_CLOSED_REQUEST`. */
  readonly code: string;
  /** The HTTP status of the response; undefined when none arrived. */
  readonly httpStatus: number | undefined;
  /** The server's request id (`X-Request-Id`): quote it when asking for support. */
  readonly requestId: string | undefined;
  /** The procedure called, e.g. `leads.create`. */
  readonly path: string | undefined;

  constructor(init: OutboundErrorInit) {
    super(init.message, {
      result: init.shape ? { error: init.shape } : undefined,
      cause: init.cause,
      meta: init.meta,
    });
    // TRPCClientError pins the prototype to itself, which would break `instanceof` on subclasses.
    Object.setPrototypeOf(this, new.target.prototype);
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.requestId = init.requestId;
    this.path = init.path;
  }
}

/** 401: the API key or session token is missing, invalid, revoked or expired. */
export class AuthenticationError extends OutboundError {
  override name = "AuthenticationError";
}

/** 403: the credential is valid but its role, scope or permission doesn't allow this call. */
export class PermissionError extends OutboundError {
  override name = "PermissionError";
}

/** 404: the record doesn't exist, or belongs to another tenant (the server never says which). */
export class NotFoundError extends OutboundError {
  override name = "NotFoundError";
}

/** 400 (and other refusals of the input itself): `fieldErrors` maps dotted field paths to messages. */
export class ValidationError extends OutboundError {
  override name = "ValidationError";
  readonly fieldErrors: Record<string, string[]>;
  constructor(init: OutboundErrorInit) {
    super(init);
    this.fieldErrors = init.shape?.data.fieldErrors ?? {};
  }
}

/** 409: a unique clash, an illegal state transition, a stale `expectedUpdated`, or a row still referenced. */
export class ConflictError extends OutboundError {
  override name = "ConflictError";
  /** The current state that made the call illegal, when the server names it. */
  readonly status: string | undefined;
  /** What still references the row, when that is the reason. */
  readonly blockers: string[] | undefined;
  constructor(init: OutboundErrorInit) {
    super(init);
    this.status = init.shape?.data.details?.status;
    this.blockers = init.shape?.data.details?.blockers;
  }
}

/** 402: a plan quota is reached (`limit`, `used`, `allowed`) or the plan lacks the feature (`limit` names it). */
export class QuotaExceededError extends OutboundError {
  override name = "QuotaExceededError";
  readonly limit: string | undefined;
  readonly used: number | undefined;
  readonly allowed: number | undefined;
  constructor(init: OutboundErrorInit) {
    super(init);
    const details = init.shape?.data.details;
    this.limit = details?.limit;
    this.used = details?.used;
    this.allowed = details?.allowed;
  }
}

/** 429: the plan's rate limit; `retryAfter` is in seconds. Retried automatically up to `maxRetries`. */
export class RateLimitError extends OutboundError {
  override name = "RateLimitError";
  readonly retryAfter: number | undefined;
  constructor(init: OutboundErrorInit) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}

/** No response arrived: DNS, refused or dropped connection, or a response cut off. */
export class ConnectionError extends OutboundError {
  override name = "ConnectionError";
}

/** No response within `timeoutMs` (per attempt), or the server reported a timeout (408). */
export class TimeoutError extends OutboundError {
  override name = "TimeoutError";
  /** The client timeout that expired; undefined when the server reported the timeout. */
  readonly timeoutMs: number | undefined;
  constructor(init: OutboundErrorInit) {
    super(init);
    this.timeoutMs = init.timeoutMs;
  }
}

/** Anything else: server errors (5xx), responses that aren't the API's, unexpected failures. */
export class ApiError extends OutboundError {
  override name = "ApiError";
}
