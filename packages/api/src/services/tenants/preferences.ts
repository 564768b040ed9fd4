import type { Database } from "@outbound/db";
import {
  ensureUserPreferences,
  getUserPreferences,
  type PreferencesPatch,
  updateUserPreferences,
} from "@outbound/db/queries/settings";
import { forbidden } from "../../errors.js";
import type { Principal } from "../auth/principal.js";
import { updatedOrExplain } from "../platform/updates.js";

/** Preferences belong to a person: an API key acts for a tenant, not for a user, so it has none. */
export function preferencesOwner(principal: Principal): string {
  if (principal.kind !== "session" || !principal.userId) {
    throw forbidden("Preferences belong to a signed-in user, and an API key has none: use a session from auth.signIn");
  }
  return principal.userId;
}

/** The same row in every tenant of the user; created with the defaults if sign-up predates it. */
export function getPreferences(db: Database, userId: string) {
  return ensureUserPreferences(db, { userId });
}

export async function updatePreferences(
  db: Database,
  args: { userId: string; patch: PreferencesPatch; expectedUpdated?: Date | undefined },
) {
  await ensureUserPreferences(db, { userId: args.userId });
  return updatedOrExplain(await updateUserPreferences(db, args), {
    what: "Preferences",
    exists: async () => (await getUserPreferences(db, { userId: args.userId })) !== null,
  });
}
