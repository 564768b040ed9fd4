import type { AppRouter, ErrorData } from "@outbound/api";
import { TRPCClientError } from "@trpc/client";
import {
  ApiError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  OutboundError,
  type OutboundErrorInit,
  PermissionError,
  QuotaExceededError,
  RateLimitError,
  TimeoutError,
  ValidationError,
} from "./errors.js";
import { type HeadersLike, NetworkFailure, UnexpectedResponse } from "./transport.js";

type ErrorClass = new (init: OutboundErrorInit) => OutboundError;

const CLASS_BY_CODE: Record<string, ErrorClass> = {
  UNAUTHORIZED: AuthenticationError,
  FORBIDDEN: PermissionError,
  NOT_FOUND: NotFoundError,
  BAD_REQUEST: ValidationError,
  PARSE_ERROR: ValidationError,
  UNPROCESSABLE_CONTENT: ValidationError,
  PAYLOAD_TOO_LARGE: ValidationError,
  CONFLICT: ConflictError,
  PRECONDITION_FAILED: ConflictError,
  PAYMENT_REQUIRED: QuotaExceededError,
  TOO_MANY_REQUESTS: RateLimitError,
  TIMEOUT: TimeoutError,
};

/** For answers that aren't tRPC errors (a proxy, the server's own 404/413 pages): tRPC's status mapping, inverted. */
const CODE_BY_STATUS: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  402: "PAYMENT_REQUIRED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  408: "TIMEOUT",
  409: "CONFLICT",
  412: "PRECONDITION_FAILED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  501: "NOT_IMPLEMENTED",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

export interface FailureFacts {
  path: string;
  /** The attempt was aborted by the client's own timer. */
  timedOut: boolean;
  timeoutMs: number;
  /** The caller's `signal` aborted the call. */
  callerAborted: boolean;
}

export interface MappedFailure {
  error: OutboundError;
  /** What the server asked to wait before retrying (`Retry-After` or `details.retryAfter`), in ms. */
  retryAfterMs: number | undefined;
}

/** `Retry-After` is delay-seconds or an HTTP date; returns seconds, never negative. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function findCause<T extends Error>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof type) return current;
    current = current.cause;
  }
  return undefined;
}

interface ResponseFacts {
  status: number;
  headers: HeadersLike | undefined;
  body: unknown;
}

function responseOf(error: TRPCClientError<AppRouter> | undefined): ResponseFacts | undefined {
  const response = error?.meta?.response as { status?: unknown; headers?: HeadersLike } | undefined;
  if (typeof response?.status !== "number") return undefined;
  return { status: response.status, headers: response.headers, body: error?.meta?.responseJSON };
}

function isErrorData(data: unknown): data is ErrorData {
  const candidate = data as Partial<ErrorData> | null | undefined;
  return typeof candidate?.code === "string" && typeof candidate.httpStatus === "number";
}

/** A message from a JSON body that isn't a tRPC error, such as `{ error: { message } }`. */
function messageOfBody(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } } | null | undefined)?.error;
  return typeof error?.message === "string" ? error.message : undefined;
}

/**
 * The one place a failed call becomes an `OutboundError` subclass: from the server's error shape
 * when it sent one, else from the HTTP status, else from how the request failed.
 */
export function fromFailure(failure: unknown, facts: FailureFacts): MappedFailure {
  const clientError = failure instanceof TRPCClientError ? (failure as TRPCClientError<AppRouter>) : undefined;
  const base = {
    path: facts.path,
    cause: failure instanceof Error ? failure : undefined,
    meta: clientError?.meta,
  };
  if (facts.timedOut) {
    const message = `No response from ${facts.path} within ${facts.timeoutMs} ms`;
    return {
      error: new TimeoutError({ ...base, message, code: "TIMEOUT", timeoutMs: facts.timeoutMs }),
      retryAfterMs: undefined,
    };
  }
  if (facts.callerAborted) {
    const message = `The call to ${facts.path} was aborted`;
    return { error: new OutboundError({ ...base, message, code: "CLIENT_CLOSED_REQUEST" }), retryAfterMs: undefined };
  }
  const network = findCause(failure, NetworkFailure);
  if (network) {
    return {
      error: new ConnectionError({ ...base, message: network.message, code: "CONNECTION_ERROR" }),
      retryAfterMs: undefined,
    };
  }

  const unexpected = findCause(failure, UnexpectedResponse);
  const response: ResponseFacts | undefined = unexpected
    ? { status: unexpected.status, headers: unexpected.headers, body: undefined }
    : responseOf(clientError);
  const shape = clientError?.shape;
  const data = isErrorData(shape?.data) ? shape.data : undefined;
  const headerRetryAfter = parseRetryAfter(response?.headers?.get("retry-after"));
  const retryAfter = data?.details?.retryAfter ?? headerRetryAfter;
  const init: OutboundErrorInit = {
    ...base,
    shape: data ? (shape ?? undefined) : undefined,
    requestId: data?.requestId ?? response?.headers?.get("x-request-id") ?? undefined,
    retryAfter,
    message: clientError?.message ?? (failure instanceof Error ? failure.message : String(failure)),
    code: "UNKNOWN",
  };
  if (data) {
    init.code = data.code;
    init.httpStatus = data.httpStatus;
  } else if (response) {
    init.code = CODE_BY_STATUS[response.status] ?? `HTTP_${response.status}`;
    init.httpStatus = response.status;
    init.message = unexpected?.message ?? messageOfBody(response.body) ?? `HTTP ${response.status} from ${facts.path}`;
  }
  const ErrorClass = CLASS_BY_CODE[init.code] ?? ApiError;
  return {
    error: new ErrorClass(init),
    retryAfterMs: retryAfter === undefined ? undefined : retryAfter * 1000,
  };
}
