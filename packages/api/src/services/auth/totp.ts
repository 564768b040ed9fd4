import { Secret, TOTP } from "otpauth";

/** RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30 s. */
function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: "Outbound",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(label: string): { secret: string; otpauthUrl: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, otpauthUrl: totpFor(secret, label).toString() };
}

/** Accepts the current code and one step either side, for clock drift. */
export function verifyTotp(secretBase32: string, code: string, now = Date.now()): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secretBase32, "check").validate({ token: code, timestamp: now, window: 1 }) !== null;
}

/** The code an authenticator would show now; tests use it. */
export function currentTotp(secretBase32: string, now = Date.now()): string {
  return totpFor(secretBase32, "check").generate({ timestamp: now });
}
