import { type AppDeps, unsubscribeByToken, unsubscribeTarget } from "@outbound/api";
import type { Env, Hono } from "hono";
import { html } from "hono/html";

/** `a•••@example.com`: enough for the person to recognise the address, not enough to harvest it. */
function masked(email: string): string {
  const at = email.lastIndexOf("@");
  return at > 0 ? `${email[0]}•••${email.slice(at)}` : "•••";
}

const page = (title: string, body: ReturnType<typeof html>) =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title}</title>
        <style>
          body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
          button { font: inherit; padding: 0.5rem 1rem; }
        </style>
      </head>
      <body>
        <h1>${title}</h1>
        ${body}
      </body>
    </html>`;

const NOT_VALID = page("Link not valid", html`<p>This unsubscribe link is not valid. Nothing was changed.</p>`);

/**
 * `GET /u/:token` asks for confirmation and changes nothing (mail scanners follow links);
 * `POST /u/:token` unsubscribes: the confirmation form, and RFC 8058 one-click from mailbox
 * providers (`List-Unsubscribe=One-Click`; the body is not needed, the signed token is what counts).
 */
export function mountUnsubscribe<E extends Env>(app: Hono<E>, deps: AppDeps): void {
  app.use("/u/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    c.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  });

  app.get("/u/:token", async (c) => {
    const target = await unsubscribeTarget(deps, c.req.param("token"));
    if (!target) return c.html(NOT_VALID, 404);
    return c.html(
      page(
        "Unsubscribe",
        html`<p>Stop all email from this sender to <strong>${masked(target.toEmail)}</strong>?</p>
          <form method="post"><button type="submit">Unsubscribe</button></form>`,
      ),
    );
  });

  app.post("/u/:token", async (c) => {
    const done = await unsubscribeByToken({ ...deps, now: deps.clock.now() }, c.req.param("token"));
    if (!done) return c.html(NOT_VALID, 404);
    return c.html(
      page(
        "Unsubscribed",
        html`<p><strong>${masked(done.email)}</strong> will get no more email from this sender.</p>`,
      ),
    );
  });
}
