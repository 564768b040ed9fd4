/**
 * Domain errors: services and queries throw these with a stable code; one middleware in
 * `trpc.ts` turns them into tRPC errors, keeping the original as `cause`.
 */
export type DomainErrorCode =
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "BAD_REQUEST"
  | "CONFLICT"
  | "PAYMENT_REQUIRED"
  | "TOO_MANY_REQUESTS";

/** Machine-readable facts a client may act on; each field appears only for the errors that carry it. */
export interface ErrorDetails {
  /** BAD_REQUEST: messages by dotted field path. */
  fieldErrors?: Record<string, string[]>;
  /** PAYMENT_REQUIRED: the limit or feature that refused the call. */
  limit?: string;
  allowed?: number;
  used?: number;
  /** TOO_MANY_REQUESTS: seconds until a retry may succeed. */
  retryAfter?: number;
  /** CONFLICT: the current state that made the call illegal, or what still references the row. */
  status?: string;
  blockers?: string[];
}

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);
export const conflict = (message: string, details?: ErrorDetails) => new DomainError("CONFLICT", message, details);
export const badRequest = (message: string, fieldErrors?: Record<string, string[]>) =>
  new DomainError("BAD_REQUEST", message, fieldErrors ? { fieldErrors } : {});
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const unauthorized = (message = "Missing, invalid or expired credential") =>
  new DomainError("UNAUTHORIZED", message);
