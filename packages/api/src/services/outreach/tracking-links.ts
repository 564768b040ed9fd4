import { type MessageRef, signMessageToken, verifyMessageToken } from "./message-tokens.js";

/**
 * The links of opt-in tracking: an open pixel and click redirects, each carrying a signed token
 * that names the message. A click token is bound to its target (the token's `extra`), so the
 * redirect leads only to a link that was in that message: no open redirect.
 */
export const openPixelUrl = (base: string, key: Buffer, ref: MessageRef): string =>
  `${base}/t/o/${signMessageToken(key, "open", ref)}`;

export const clickUrl = (base: string, key: Buffer, ref: MessageRef, target: string): string =>
  `${base}/t/c/${signMessageToken(key, "click", ref, target)}?u=${encodeURIComponent(target)}`;

/** The message and target of a click, or null unless the token was signed for exactly that target. */
export function verifyClick(key: Buffer, token: string, target: string): MessageRef | null {
  if (!/^https?:\/\//i.test(target)) return null;
  return verifyMessageToken(key, "click", token, target);
}

const decodeAttribute = (value: string): string =>
  value
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
const encodeAttribute = (value: string): string => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/**
 * The HTML part with tracking added as the campaign asks: every http(s) link of an `<a href>`
 * through a click redirect (links to our own server, like unsubscribe, stay as they are), and a
 * 1×1 pixel at the end of the body.
 */
export function addTracking(
  html: string,
  options: { base: string; key: Buffer; ref: MessageRef; opens: boolean; clicks: boolean },
): string {
  const { base, key, ref } = options;
  let out = html;
  if (options.clicks) {
    out = out.replace(
      /(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?:\/\/[^"']*)\2/gi,
      (whole, head: string, quote: string, href: string) => {
        const target = decodeAttribute(href);
        if (target.startsWith(`${base}/`)) return whole;
        return `${head}${quote}${encodeAttribute(clickUrl(base, key, ref, target))}${quote}`;
      },
    );
  }
  if (options.opens) {
    const pixel = `<img src="${encodeAttribute(openPixelUrl(base, key, ref))}" width="1" height="1" alt="" style="display:none">`;
    out = /<\/body>/i.test(out) ? out.replace(/<\/body>/i, `${pixel}</body>`) : `${out}${pixel}`;
  }
  return out;
}
