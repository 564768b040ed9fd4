import { schema } from "@outbound/db";
import { createUpdateSchema } from "drizzle-zod";
import { z } from "zod";
import { expectedUpdated } from "./common.js";
import { ianaTimeZone, languageTag } from "./validators.js";

export const THEMES = ["light", "dark", "system"] as const;

/** A partial update of the caller's own preferences; no key names a user, so nobody else's can be reached. */
export const updatePreferencesInput = createUpdateSchema(schema.userPreferences)
  .pick({ emailNotifications: true, pushNotifications: true, weeklyReports: true, marketingEmails: true })
  .extend({
    theme: z.enum(THEMES).optional(),
    // Bounds are the columns' lengths (language varchar(10), timezone varchar(100)).
    language: languageTag(10).optional(),
    timezone: ianaTimeZone(100).optional(),
    expectedUpdated,
  })
  .strict();
