import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/**
 * The caller's network address, for throttling. Behind a reverse proxy (`TRUST_PROXY`), the
 * rightmost `X-Forwarded-For` entry: the one our proxy appended, which the client can't forge.
 * Without one, the socket's peer. Null when neither is known (requests made in process).
 */
export function clientAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    // `app.request()` in tests and other in-process calls have no socket.
    return null;
  }
}
