import { schema } from "@outbound/db";
import { createUpdateSchema } from "drizzle-zod";
import { z } from "zod";
import { email } from "./auth.js";
import { expectedUpdated } from "./common.js";
import { countryCode, hexColor, httpsUrl, ianaTimeZone } from "./validators.js";

export const DATE_FORMATS = ["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY"] as const;

const required = (max: number) => z.string().trim().min(1, "is required").max(max);
/** Forms send "" for an empty optional line: stored as absent, not as an empty string. */
const optionalLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => value || undefined)
    .optional();

/** Replaces the whole address: a partial one would mix two addresses. */
export const billingAddress = z
  .object({
    line1: required(200),
    line2: optionalLine(200),
    city: required(100),
    state: optionalLine(100),
    postalCode: required(20),
    country: countryCode,
  })
  .strict();

/**
 * A partial update of the tenant's config; null clears an optional value. `stripeCustomerId`
 * is deliberately absent: only billing sets it, so naming it is an unknown key.
 */
export const updateTenantConfigInput = createUpdateSchema(schema.tenantConfig)
  .pick({
    notifyOnBillingChanges: true,
    notifyOnSystemUpdates: true,
    notifyOnSecurityAlerts: true,
    uiSidebarDefaultCollapsed: true,
  })
  .extend({
    billingEmail: email.nullable().optional(),
    billingAddress: billingAddress.nullable().optional(),
    themePrimaryColor: hexColor.nullable().optional(),
    // Bounds are the columns' lengths (theme URLs varchar(500), ui_timezone varchar(50)).
    themeLogoUrl: httpsUrl(500).nullable().optional(),
    themeFaviconUrl: httpsUrl(500).nullable().optional(),
    uiDateFormat: z.enum(DATE_FORMATS).optional(),
    uiTimezone: ianaTimeZone(50).optional(),
    expectedUpdated,
  })
  .strict();
