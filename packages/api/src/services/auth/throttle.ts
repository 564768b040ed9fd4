import { createHash } from "node:crypto";
import { DomainError } from "../../errors.js";
import type { RateLimiter } from "../platform/rate-limit.js";

/**
 * How many sign-ins and sign-ups a client address and an email get per window. Every attempt
 * counts, right or wrong, and it is counted before any password is hashed, so a flood costs the
 * server one counter increment per call. The per-email budget protects one account from guesses
 * spread over many addresses; the per-address budget protects every account from one client.
 */
export interface AuthThrottleLimits {
  windowMs: number;
  signInPerAddress: number;
  signInPerEmail: number;
  signUpPerAddress: number;
  signUpPerEmail: number;
}

export const DEFAULT_AUTH_THROTTLE: AuthThrottleLimits = {
  windowMs: 15 * 60_000,
  signInPerAddress: 50,
  signInPerEmail: 10,
  signUpPerAddress: 20,
  signUpPerEmail: 5,
};

export type AuthAction = "signIn" | "signUp";

export interface AuthAttempt {
  action: AuthAction;
  email: string;
  /** The caller's network address; null for in-process callers, which only get the per-email budget. */
  clientAddress: string | null;
}

/**
 * The budget key of an address: IPv4 as is, IPv6 by its /64 (one host usually holds a whole /64,
 * so counting single IPv6 addresses would let it rotate through them).
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!address.includes(":")) return address;
  const [head = "", tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::")
    ? [...left, ...Array<string>(Math.max(8 - left.length - right.length, 0)).fill("0"), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/** Emails are counted under a hash, so the limiter's store (Redis) holds no addresses. */
const emailKey = (email: string): string =>
  createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);

/**
 * Counts one attempt against both budgets and refuses it (`TOO_MANY_REQUESTS` with `retryAfter`,
 * and a `Retry-After` header) when either is spent.
 */
export async function throttleAuthAttempt(
  limiter: RateLimiter,
  limits: AuthThrottleLimits,
  attempt: AuthAttempt,
  now: number,
  responseHeaders: Record<string, string>,
): Promise<void> {
  const perEmail = attempt.action === "signIn" ? limits.signInPerEmail : limits.signUpPerEmail;
  const perAddress = attempt.action === "signIn" ? limits.signInPerAddress : limits.signUpPerAddress;
  const checks = [
    limiter.hit(`auth:${attempt.action}:email:${emailKey(attempt.email)}`, perEmail, limits.windowMs, now),
  ];
  if (attempt.clientAddress) {
    const key = `auth:${attempt.action}:addr:${addressKey(attempt.clientAddress)}`;
    checks.push(limiter.hit(key, perAddress, limits.windowMs, now));
  }
  const refused = (await Promise.all(checks)).filter((state) => !state.allowed);
  if (refused.length === 0) return;
  const retryAfter = Math.max(...refused.map((state) => state.resetSeconds));
  responseHeaders["Retry-After"] = String(retryAfter);
  const what = attempt.action === "signIn" ? "sign-in" : "sign-up";
  throw new DomainError("TOO_MANY_REQUESTS", `Too many ${what} attempts: retry in ${retryAfter}s`, { retryAfter });
}
