/** The error body of every /v1 answer, as CONTRACT.md ("Surfaces") promises it. */
export interface RestErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    fieldErrors?: Record<string, string[]>;
    details?: Record<string, unknown>;
  };
}

/** What trpc-to-openapi answers on an error: our error formatter's shape with its `code` and `message` on top. */
interface OpenApiErrorAnswer {
  code?: unknown;
  message?: unknown;
  data?: { fieldErrors?: unknown; details?: unknown } | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The contract's error body from what the adapter answered. Only the fields named here leave
 * the server: never a stack, a path or a cause, whatever the adapter or NODE_ENV add.
 */
export function restErrorBody(answer: unknown, requestId: string): RestErrorBody {
  const parsed: OpenApiErrorAnswer = isRecord(answer) ? answer : {};
  const adapterCode = typeof parsed.code === "string" ? parsed.code : "INTERNAL_SERVER_ERROR";
  // A body that is not JSON is invalid input like any other (the tRPC name for it is internal jargon).
  const code = adapterCode === "PARSE_ERROR" ? "BAD_REQUEST" : adapterCode;
  const message =
    code === "INTERNAL_SERVER_ERROR"
      ? "Internal server error"
      : adapterCode === "PARSE_ERROR"
        ? "The request body is not valid JSON"
        : typeof parsed.message === "string"
          ? parsed.message
          : code;
  const data = isRecord(parsed.data) ? parsed.data : {};
  return {
    error: {
      code,
      message,
      requestId,
      ...(isRecord(data.fieldErrors) ? { fieldErrors: data.fieldErrors as Record<string, string[]> } : {}),
      ...(isRecord(data.details) ? { details: data.details } : {}),
    },
  };
}
