import { getLiveMember } from "@outbound/db/queries/members";
import { getLiveTenant, getTenantPolicies } from "@outbound/db/queries/tenants";
import {
  getCredentials,
  getUser,
  insertCredentialsIfAbsent,
  listMembershipsForSignIn,
  setUserName,
} from "@outbound/db/queries/users";
import type { AppDeps } from "../../context.js";
import { badRequest, conflict, forbidden, notFound } from "../../errors.js";
import { readInvitation, signInvitation } from "./invitation-tokens.js";
import { DEFAULT_PASSWORD_POLICY } from "./password-policy.js";
import { hashPassword } from "./passwords.js";
import { assertPassword, startSession } from "./sign-in.js";

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export interface InvitationLink {
  /** Shown once: the link signs its holder in as the invited member. */
  inviteUrl: string;
  /** Whether the link was also mailed to the person (platform mail configured and accepted it). */
  invitationEmailed: boolean;
}

/**
 * The link for a member without a password yet (an invited person), or null for someone who has an
 * account already and just signs in. The token rides in the URL's fragment, which browsers never
 * send to a server, so it can't land in access logs on the way.
 */
export async function invitationLinkFor(
  deps: AppDeps,
  args: { tenantId: string; userId: string; email: string; tenantName: string; invited: Date },
): Promise<InvitationLink | null> {
  if (await getCredentials(deps.db, args.userId)) return null;
  // From when the membership began, so an idempotent replay of the add answers the same link.
  const expires = new Date(args.invited.getTime() + INVITATION_TTL_MS);
  const token = signInvitation(deps.tokenKey, { tenantId: args.tenantId, userId: args.userId, expires });
  const inviteUrl = `${deps.publicUrl}/app/invitation#token=${token}`;
  let invitationEmailed = false;
  if (deps.mailer) {
    try {
      await deps.mailer.send({
        to: args.email,
        subject: `You are invited to ${args.tenantName} on Outbound`,
        text: `You have been invited to join ${args.tenantName} on Outbound.\n\nChoose a password here (the link works once, until ${expires.toUTCString()}):\n${inviteUrl}\n`,
      });
      invitationEmailed = true;
    } catch {
      // The member is added either way; the inviter has the link and `invitationEmailed: false` says to pass it on.
    }
  }
  return { inviteUrl, invitationEmailed };
}

export interface AcceptInvitationInput {
  token: string;
  password: string;
  name?: string | undefined;
}

const invalidToken = (reason: string) => badRequest(`This invitation link ${reason}`, { token: [reason] });

/** Sets the invited person's password under the tenant's policy and signs them in; a link works once. */
export async function acceptInvitation(deps: AppDeps, input: AcceptInvitationInput) {
  const { db } = deps;
  const now = deps.clock.now();
  const invitation = readInvitation(deps.tokenKey, input.token);
  if (!invitation) throw invalidToken("is not valid");
  if (invitation.expires.getTime() <= now.getTime()) throw invalidToken("has expired: ask for a new invitation");
  const { tenantId, userId } = invitation;
  // The membership must still be live: removing the member withdraws the invitation.
  const membership = (await listMembershipsForSignIn(db, userId)).find((m) => m.tenantId === tenantId);
  const tenant = membership ? await getLiveTenant(db, tenantId) : null;
  if (!membership || !tenant || !(await getLiveMember(db, { tenantId, userId }))) throw notFound("Invitation");
  if (membership.suspended) throw forbidden("This tenant is suspended");
  const policy = (await getTenantPolicies(db, tenantId)) ?? DEFAULT_PASSWORD_POLICY;
  assertPassword(input.password, policy, "password");
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (!(await insertCredentialsIfAbsent(tx, { userId, passwordHash }))) {
      throw conflict("This invitation has been accepted already: sign in with your password");
    }
    if (input.name) await setUserName(tx, { userId, name: input.name });
    const hours = membership.sessionTimeoutHours ?? 24;
    const session = await startSession(tx, { userId, tenantId, hours, now });
    const user = await getUser(tx, userId);
    if (!user) throw notFound("Invitation");
    return { ...session, user, tenant };
  });
}
