import { z } from "zod";

/**
 * Validators for values other systems interpret (browsers, Intl, date libraries, card
 * processors). Each one canonicalises what it accepts, so equal settings are stored equally.
 */

// Node 20's ICU list omits "UTC" and some current IANA names (Asia/Kolkata, Europe/Kyiv) that
// it still accepts as aliases; those are checked against Intl.DateTimeFormat instead.
const KNOWN_TIME_ZONES = new Map(
  [...Intl.supportedValuesOf("timeZone"), "UTC"].map((zone) => [zone.toLowerCase(), zone] as const),
);
/** IANA spelling: every segment starts with a capital (Etc/GMT+5, America/Port-au-Prince, EST5EDT). */
const IANA_ALIAS_SHAPE = /^[A-Z][A-Za-z0-9_+-]*(?:\/[A-Z][A-Za-z0-9_+-]*)*$/;

/** The IANA name in its canonical spelling, or null when no time zone has this name. */
export function canonicalTimeZone(value: string): string | null {
  const known = KNOWN_TIME_ZONES.get(value.toLowerCase());
  if (known) return known;
  if (!IANA_ALIAS_SHAPE.test(value)) return null;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return value;
  } catch {
    return null;
  }
}

/** An IANA time zone name such as `Europe/Berlin` or `UTC`; matched case-insensitively, stored canonically. */
export const ianaTimeZone = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value, ctx) => {
      const zone = canonicalTimeZone(value);
      if (zone) return zone;
      ctx.issues.push({
        code: "custom",
        input: value,
        message: "must be an IANA time zone such as Europe/Berlin or UTC",
      });
      return z.NEVER;
    });

/** A BCP-47 language tag such as `en` or `pt-BR`, in the canonical form Intl gives it, at most `max` characters. */
export const languageTag = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "is required")
    // RFC 5646 §4.4.1: 35 characters hold any tag a real language needs; longer input is not worth parsing.
    .max(35)
    .transform((value, ctx) => {
      let canonical: string | undefined;
      try {
        canonical = Intl.getCanonicalLocales(value)[0];
      } catch {
        canonical = undefined;
      }
      if (canonical && canonical.length <= max) return canonical;
      ctx.issues.push({
        code: "custom",
        input: value,
        message: canonical
          ? `must be at most ${max} characters once canonicalised (${canonical})`
          : "must be a BCP-47 language tag such as en or pt-BR",
      });
      return z.NEVER;
    });

/** `#RRGGBB`, stored lower-case. */
export const hexColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour as #RRGGBB")
  .transform((value) => value.toLowerCase());

/**
 * An absolute https URL on a public host name, without user:password (a phishing vector in a
 * link users trust), at most `max` characters.
 */
export const httpsUrl = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .pipe(z.url({ protocol: /^https$/, hostname: z.regexes.domain, error: "must be an https URL" }))
    .refine((value) => {
      const url = new URL(value);
      return !url.username && !url.password;
    }, "must not contain a user name or password");

// ISO 3166-1 alpha-2, officially assigned codes only (no EU, XK, ZZ): what tax and card processors accept.
const COUNTRY_CODES = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW " +
    "BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI " +
    "FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN " +
    "IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME " +
    "MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF " +
    "PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV " +
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE " +
    "YT ZA ZM ZW"
  ).split(" "),
);

/** An ISO 3166-1 alpha-2 country code such as `DE`; matched case-insensitively, stored upper-case. */
export const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine((value) => COUNTRY_CODES.has(value), "must be an ISO 3166-1 alpha-2 country code such as DE or US");
