import { permissionsOfStaffUser } from "@outbound/db/queries/staff";
import { getLiveTenant } from "@outbound/db/queries/tenants";
import { getUser } from "@outbound/db/queries/users";
import type { TRPCRouterRecord } from "@trpc/server";
import type { AppDeps } from "../context.js";
import { forbidden, notFound } from "../errors.js";
import {
  acceptInvitationInput,
  changePasswordInput,
  confirmTotpInput,
  signInInput,
  signUpInput,
  switchTenantInput,
} from "../schemas/auth.js";
import { acceptInvitation } from "../services/auth/invitations.js";
import type { Principal } from "../services/auth/principal.js";
import * as auth from "../services/auth/sign-in.js";
import { type AuthAction, throttleAuthAttempt } from "../services/auth/throttle.js";
import { authedProcedure, publicProcedure } from "../trpc.js";

/** Session-only operations: an API key has no user to act for. */
function sessionOf(principal: Principal): { userId: string; sessionId: string } {
  if (principal.kind !== "session" || !principal.userId) throw forbidden("This needs a signed-in user, not an API key");
  return { userId: principal.userId, sessionId: principal.credentialId };
}

/** Sign-in and sign-up are counted per client address and per email before any password is hashed. */
function throttle(
  ctx: { deps: AppDeps; clientAddress: string | null; responseHeaders: Record<string, string> },
  action: AuthAction,
  email: string,
) {
  const { deps } = ctx;
  const attempt = { action, email, clientAddress: ctx.clientAddress };
  return throttleAuthAttempt(
    deps.rateLimiter,
    deps.authThrottle,
    attempt,
    deps.clock.now().getTime(),
    ctx.responseHeaders,
  );
}

export const authRouter = {
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await throttle(ctx, "signUp", input.email);
    return auth.signUp(ctx.db, input);
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    await throttle(ctx, "signIn", input.email);
    return auth.signIn(ctx.db, input);
  }),

  /** The invited person chooses a password (the tenant's policy) and is signed in; each link works once. */
  acceptInvitation: publicProcedure
    .input(acceptInvitationInput)
    .mutation(({ ctx, input }) => acceptInvitation(ctx.deps, input)),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await auth.signOut(ctx.db, sessionOf(ctx.principal).sessionId);
    return { signedOut: true as const };
  }),

  me: authedProcedure.query(async ({ ctx }) => {
    const { principal } = ctx;
    const tenant = await getLiveTenant(ctx.db, principal.tenantId);
    if (!tenant) throw notFound("Tenant");
    const user = principal.userId ? await getUser(ctx.db, principal.userId) : null;
    return {
      credential: principal.kind,
      user,
      tenant,
      roles: [...principal.roles],
      staffPermissions: principal.userId ? await permissionsOfStaffUser(ctx.db, principal.userId) : [],
      totpEnrollmentRequired: principal.totpEnrollmentRequired,
    };
  }),

  switchTenant: authedProcedure
    .input(switchTenantInput)
    .mutation(({ ctx, input }) => auth.switchTenant(ctx.db, { ...sessionOf(ctx.principal), tenantId: input.tenantId })),

  changePassword: authedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    const { userId, sessionId } = sessionOf(ctx.principal);
    await auth.changePassword(ctx.db, { userId, sessionId, tenantId: ctx.principal.tenantId, ...input });
    return { changed: true as const };
  }),

  enrollTotp: authedProcedure.mutation(async ({ ctx }) => {
    const { userId } = sessionOf(ctx.principal);
    const user = await getUser(ctx.db, userId);
    return auth.enrollTotp(ctx.db, { userId, label: user?.email ?? userId });
  }),

  confirmTotp: authedProcedure
    .input(confirmTotpInput)
    .mutation(({ ctx, input }) =>
      auth.confirmTotp(ctx.db, { userId: sessionOf(ctx.principal).userId, code: input.code }),
    ),
} satisfies TRPCRouterRecord;
