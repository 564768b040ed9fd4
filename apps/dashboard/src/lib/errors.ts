/**
 * What the dashboard shows for a failed call. Reads the `data` the server's error formatter adds
 * (packages/api/src/error-mapping.ts: `code`, `fieldErrors`, `details`), from a TRPCClientError or
 * anything shaped like one, so it stays a pure function that tests call with plain objects.
 */
export interface ErrorDetailsView {
  limit?: string;
  allowed?: number;
  used?: number;
  retryAfter?: number;
  status?: string;
  blockers?: string[];
}

export interface ErrorView {
  code: string;
  message: string;
  fieldErrors: Record<string, string[]>;
  details: ErrorDetailsView;
  /** PAYMENT_REQUIRED: a sentence naming the limit, for a banner with a link to billing. */
  quota: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function stringLists(value: unknown): Record<string, string[]> {
  if (!isRecord(value)) return {};
  const out: Record<string, string[]> = {};
  for (const [key, list] of Object.entries(value)) {
    if (Array.isArray(list)) out[key] = list.filter((m): m is string => typeof m === "string");
  }
  return out;
}

function detailsOf(value: unknown): ErrorDetailsView {
  if (!isRecord(value)) return {};
  const out: ErrorDetailsView = {};
  if (typeof value.limit === "string") out.limit = value.limit;
  if (typeof value.allowed === "number") out.allowed = value.allowed;
  if (typeof value.used === "number") out.used = value.used;
  if (typeof value.retryAfter === "number") out.retryAfter = value.retryAfter;
  if (typeof value.status === "string") out.status = value.status;
  if (Array.isArray(value.blockers)) out.blockers = value.blockers.filter((b): b is string => typeof b === "string");
  return out;
}

/** `max_contacts` → "contacts"; features keep their name with spaces. */
export function limitLabel(limit: string): string {
  return limit.replace(/^max_/, "").replace(/_/g, " ");
}

export function quotaSentence(details: ErrorDetailsView): string {
  const what = details.limit ? limitLabel(details.limit) : "a plan limit";
  if (details.allowed !== undefined && details.used !== undefined) {
    return `Your plan allows ${details.allowed} ${what}; ${details.used} are in use.`;
  }
  return `Your plan does not include ${what}.`;
}

export function describeError(error: unknown): ErrorView {
  const data = isRecord(error) && isRecord(error.data) ? error.data : {};
  const code = typeof data.code === "string" ? data.code : "ERROR";
  const rawMessage = isRecord(error) && typeof error.message === "string" ? error.message : String(error);
  const details = detailsOf(data.details);
  const fieldErrors = stringLists(data.fieldErrors);
  // tRPC's message for a zod failure is the issues as JSON: the field errors say it better.
  const message =
    code === "ERROR" && /fetch|network/i.test(rawMessage)
      ? "Can't reach the server: check your connection."
      : Object.keys(fieldErrors).length > 0 && /^\s*[[{]/.test(rawMessage)
        ? "Some fields need attention."
        : rawMessage;
  return {
    code,
    message,
    fieldErrors,
    details,
    quota: code === "PAYMENT_REQUIRED" ? quotaSentence(details) : null,
  };
}

/** Field errors not shown beside a field of the form (so nothing the server said is lost). */
export function unplacedFieldErrors(view: ErrorView, placed: readonly string[]): string[] {
  return Object.entries(view.fieldErrors)
    .filter(([path]) => !placed.includes(path))
    .flatMap(([path, messages]) => messages.map((m) => (path === "(input)" ? m : `${path}: ${m}`)));
}
