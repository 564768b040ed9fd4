import { isIP } from "node:net";
import { domainToASCII } from "node:url";

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The ASCII (IDNA) form of a host name a customer typed, or why it is not one. Accepts
 * `Example.COM`, `münchen.de` and a trailing root dot; refuses schemes, paths, ports, IP
 * addresses, single labels and anything past the DNS limits (labels 1..63, total 253).
 */
export function normalizeHostName(input: string): { host: string } | { error: string } {
  const value = input.trim().toLowerCase();
  if (value === "") return { error: "is required" };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(value)) return { error: "must be a host name without a scheme (no https://)" };
  if (/[/?#]/.test(value)) return { error: "must be a host name without a path" };
  if (value.startsWith("[") || isIP(value) !== 0) return { error: "must be a host name, not an IP address" };
  if (value.includes(":")) return { error: "must be a host name without a port" };
  if (value.includes("@")) return { error: "must be a host name, not an email address" };
  const ascii = domainToASCII(value.endsWith(".") ? value.slice(0, -1) : value);
  if (ascii === "") return { error: "must be a valid host name such as example.com" };
  if (ascii.length > 253) return { error: "must be at most 253 characters" };
  const labels = ascii.split(".");
  if (labels.length < 2) return { error: "must have at least two labels, such as example.com" };
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return bad.length === 0 || bad.length > 63
      ? { error: "must have labels of 1 to 63 characters" }
      : { error: `has an invalid label "${bad}": use letters, digits and hyphens, not first or last` };
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? ""))
    return { error: "must end in a top-level domain, not a number" };
  return { host: ascii };
}
