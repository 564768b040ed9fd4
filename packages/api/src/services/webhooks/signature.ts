import { createHmac } from "node:crypto";

/**
 * `Outbound-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, one `v1` per
 * secret that currently signs (two while a rotated secret is still valid). `verifyWebhook` in the
 * SDK checks it.
 */
export function signatureHeader(body: string, secrets: readonly string[], unixSeconds: number): string {
  const signatures = secrets.map(
    (secret) => `v1=${createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex")}`,
  );
  return [`t=${unixSeconds}`, ...signatures].join(",");
}
