import type { Database } from "@outbound/db";
import { getCurrentPlan } from "@outbound/db/queries/limits";
import { permissionsOfStaffUser } from "@outbound/db/queries/staff";
import { initTRPC, TRPCError } from "@trpc/server";
import { type ProcedureMeta, rolesAllow, type TenantLevel } from "./access.js";
import { AppDeps, type RequestContext } from "./context.js";
import { detailsOf, type ErrorData, fieldErrorsOf, toTRPCError } from "./error-mapping.js";
import { DomainError } from "./errors.js";
import { inputWithHeaderKey } from "./idempotency-header.js";
import { inputProblemError } from "./input-guard.js";
import type { ApiPlan, CredentialCache } from "./services/auth/credential-cache.js";
import { resolvePrincipal } from "./services/auth/principal.js";
import { type Once, runIdempotent } from "./services/platform/idempotency.js";
import { transformer } from "./transformer.js";

const t = initTRPC
  .context<RequestContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer,
    isDev: false,
    errorFormatter({ shape, error, ctx }) {
      const data: ErrorData = {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        requestId: ctx?.requestId,
        fieldErrors: fieldErrorsOf(error),
        details: detailsOf(error),
      };
      const message = error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message;
      return { message, code: shape.code, data };
    },
  });

export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const mergeRouters = t.mergeRouters;

/**
 * Opens the server dependencies, refuses text that is not text (`input-guard.ts`), gives
 * idempotent mutations the `Idempotency-Key` header's key (`idempotency-header.ts`), and maps
 * domain and database errors to contract codes keeping the cause.
 */
const baseProcedure = t.procedure.use(async ({ ctx, type, path, next, getRawInput }) => {
  if (!(ctx.deps instanceof AppDeps)) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Context built without server dependencies" });
  }
  const raw = await getRawInput();
  const inputProblem = inputProblemError(raw);
  if (inputProblem) throw toTRPCError(new TRPCError({ code: "BAD_REQUEST", cause: inputProblem }));
  let keyed: unknown;
  try {
    keyed = type === "mutation" ? inputWithHeaderKey(path, raw, ctx.idempotencyKey) : raw;
  } catch (error) {
    throw toTRPCError(new TRPCError({ code: "BAD_REQUEST", cause: error }));
  }
  const result = await next({
    ctx: { db: ctx.deps.db, deps: ctx.deps },
    ...(keyed === raw ? {} : { getRawInput: async () => keyed }),
  });
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/** Guarantees nothing about the caller: anyone may call it. */
export const publicProcedure = baseProcedure.meta({ access: { kind: "public" } });

const RATE_WINDOW_MS = 60_000;

/** The tenant's current plan as API keys need it, or null without a current subscription (then not checked here). */
async function apiPlanOf(db: Database, cache: CredentialCache, tenantId: string, at: Date): Promise<ApiPlan | null> {
  const now = at.getTime();
  const cached = cache.apiPlans.get(tenantId, now);
  if (cached !== undefined) return cached;
  const plan = await getCurrentPlan(db, tenantId);
  const facts = plan ? { apiAccess: plan.apiAccess, rateLimit: plan.apiRateLimit } : null;
  cache.apiPlans.set(tenantId, facts, now);
  return facts;
}

/**
 * The caller's principal, from the `Authorization` header. API keys work only on a plan with
 * `api_access` (checked on every call), and their traffic is limited per tenant
 * to its plan's `api_rate_limit` calls a minute (each call of a batch counts); sessions are people
 * at a screen and are not limited here.
 */
async function authenticate(ctx: {
  db: Database;
  deps: AppDeps;
  authorization: string | null;
  responseHeaders: Record<string, string>;
}) {
  const cache = ctx.deps.credentials;
  const now = ctx.deps.clock.now();
  const principal = await resolvePrincipal(ctx.db, ctx.authorization, { cache, now });
  if (principal.kind === "apiKey") {
    const plan = await apiPlanOf(ctx.db, cache, principal.tenantId, now);
    // Checked on every use, not only when the key was made: a downgrade takes the API away.
    if (plan && !plan.apiAccess) {
      throw new DomainError("PAYMENT_REQUIRED", "Your plan does not include api_access: upgrade to use API keys", {
        limit: "api_access",
      });
    }
    if (plan) {
      const state = await ctx.deps.rateLimiter.hit(`tenant:${principal.tenantId}`, plan.rateLimit, RATE_WINDOW_MS);
      ctx.responseHeaders["RateLimit-Limit"] = String(state.limit);
      ctx.responseHeaders["RateLimit-Remaining"] = String(state.remaining);
      ctx.responseHeaders["RateLimit-Reset"] = String(state.resetSeconds);
      if (!state.allowed) {
        ctx.responseHeaders["Retry-After"] = String(state.resetSeconds);
        throw new DomainError(
          "TOO_MANY_REQUESTS",
          `Rate limit of ${state.limit} API calls a minute reached: retry in ${state.resetSeconds}s`,
          { retryAfter: state.resetSeconds },
        );
      }
    }
  }
  return principal;
}

/** A session whose tenant requires two-factor sign-in reaches nothing but enrollment until it enrolls. */
function refuseUntilTotpEnrolled(principal: { totpEnrollmentRequired?: boolean | undefined }): void {
  if (principal.totpEnrollmentRequired) {
    throw new DomainError(
      "FORBIDDEN",
      "This tenant requires two-factor sign-in: enroll with auth.enrollTotp and auth.confirmTotp first",
    );
  }
}

const authenticated = baseProcedure.use(async ({ ctx, next }) => next({ ctx: { principal: await authenticate(ctx) } }));

/** Guarantees `ctx.principal`: a valid, unexpired, unrevoked credential of a live tenant. */
export const authedProcedure = authenticated.meta({ access: { kind: "authed" } });

/**
 * Guarantees `ctx.principal`, `ctx.tenant.id` (a plain string, from the credential, never from
 * input) and that the caller's roles reach `level`; read-scoped API keys can't call mutations.
 * One middleware (not `authenticated` plus another): every tenant call goes through it.
 */
export function tenantProcedure(level: TenantLevel) {
  return baseProcedure.meta({ access: { kind: "tenant", level } }).use(async ({ ctx, type, next }) => {
    const principal = await authenticate(ctx);
    refuseUntilTotpEnrolled(principal);
    if (!rolesAllow(principal.roles, level)) {
      throw new DomainError("FORBIDDEN", `This needs the ${level} access level, which your role does not grant`);
    }
    if (type === "mutation" && principal.scope === "read") {
      throw new DomainError("FORBIDDEN", "This API key is read-only");
    }
    const result = await next({ ctx: { principal, tenant: { id: principal.tenantId } } });
    // A write may revoke a key, delete the tenant or change its plan: only this tenant's entries go.
    if (type === "mutation") ctx.deps.credentials.forgetTenant(principal.tenantId);
    return result;
  });
}

/** Guarantees the caller is a staff member whose role grants `permission`; `ctx.staff.userId` is set. */
export function staffProcedure(permission: string) {
  return authenticated.meta({ access: { kind: "staff", permission } }).use(async ({ ctx, type, next }) => {
    refuseUntilTotpEnrolled(ctx.principal);
    const userId = ctx.principal.userId;
    const granted = userId ? await permissionsOfStaffUser(ctx.db, userId) : [];
    if (!userId || !granted.includes(permission)) {
      throw new DomainError("FORBIDDEN", `This needs the staff permission ${permission}`);
    }
    const result = await next({ ctx: { staff: { userId, permissions: granted } } });
    // Staff writes reach across tenants (suspending one, editing a plan many are on): everything goes.
    if (type === "mutation") ctx.deps.credentials.clear();
    return result;
  });
}

/** The part of a procedure's context `idempotent` reads, checked at run time (middlewares see the root type). */
interface IdempotentScope {
  db?: Database;
  deps?: AppDeps;
  tenant?: { id: string };
  principal?: { tenantId: string };
}

/**
 * Declares a create idempotent: `.use(idempotent)` after `.input(…)` on a tenant or staff
 * mutation whose input takes `idempotencyKey` (or gets it from the `Idempotency-Key` header,
 * see baseProcedure). The handler gets `ctx.once`, which runs the writes its service gives it in
 * one transaction, once per (tenant, key), keyed on this procedure's path and checked against
 * the rest of the input (CONFLICT for the same key with another input or on another procedure);
 * a retry answers the first result. Services never see the key, the path or the tenant rule;
 * the handler's input comes without `idempotencyKey`.
 */
export const idempotent = t.middleware(async ({ ctx, path, input, next }) => {
  const scope = ctx as unknown as IdempotentScope;
  const tenantId = scope.tenant?.id ?? scope.principal?.tenantId;
  const { db, deps } = scope;
  if (!db || !deps || !tenantId) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "idempotent needs an authenticated procedure" });
  }
  const { idempotencyKey, ...request } =
    typeof input === "object" && input !== null ? (input as { idempotencyKey?: unknown }) : {};
  const key = typeof idempotencyKey === "string" ? idempotencyKey : undefined;
  const once: Once = (run, options) =>
    runIdempotent({ db, tenantId, path, key, input: options?.request ?? request, now: deps.clock.now(), run });
  // The key has done its work here: the handler and its service get the rest of the input (and
  // `ctx.idempotencyKey` for the one that hands it on, to a payment provider).
  const extra = { once, idempotencyKey: key };
  return next(key === undefined ? { ctx: extra } : { ctx: extra, input: request });
});
