import { type AppDeps, recordClick, recordOpen } from "@outbound/api";
import type { Env, Hono } from "hono";

/** The smallest transparent GIF: 1×1, one colour, fully transparent. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/**
 * Opt-in tracking: `GET /t/o/:token` answers the pixel and records `opened`; `GET /t/c/:token?u=`
 * redirects to `u` only when the token was signed for exactly that link of that message, and
 * records `clicked`. Anything else is a 404 and redirects nowhere.
 */
export function mountTracking<E extends Env>(app: Hono<E>, deps: AppDeps): void {
  app.get("/t/o/:token", async (c) => {
    const known = await recordOpen({ ...deps, now: deps.clock.now() }, c.req.param("token"));
    return c.body(new Uint8Array(PIXEL), known ? 200 : 404, {
      "Content-Type": "image/gif",
      "Cache-Control": "no-store, max-age=0",
    });
  });

  app.get("/t/c/:token", async (c) => {
    const target = await recordClick({ ...deps, now: deps.clock.now() }, c.req.param("token"), c.req.query("u") ?? "");
    if (!target) {
      return c.text("This link is not valid.", 404, { "Cache-Control": "no-store" });
    }
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    return c.redirect(target, 302);
  });
}
