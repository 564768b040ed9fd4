import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AppDeps } from "@outbound/api";
import { schema } from "@outbound/db";
import { addLeads, campaignWith, enroll, messagesOf, sendingTenant } from "@outbound/engine/test/fixture";
import { usePeers } from "@outbound/engine/test/peers";
import { useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";

const database = useTestDatabase();
const peers = usePeers();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const HTML = [
  "<html><body><p>Hi {{first_name|there}},</p>",
  '<p><a href="https://acme.example/pricing?plan=pro&amp;ref=mail">our pricing</a> and',
  '<a href="mailto:sales@acme.example">write to us</a>.</p></body></html>',
].join("");

/** One HTML email sent to one lead, from a campaign with the given tracking, and a server for it. */
async function sentWith(tracking: { trackOpens: boolean; trackClicks: boolean }) {
  const t = await sendingTenant(database.db, peers);
  const { campaign } = await campaignWith(t, [{ stepType: "email" }], {
    template: { subject: "Hello", content: HTML },
  });
  await t.caller.campaigns.update({ id: campaign.id, ...tracking });
  await t.caller.campaigns.launch({ id: campaign.id });
  const [lead] = await addLeads(database.db, t.tenantId, 1);
  if (!lead) throw new Error("no lead");
  await enroll(database.db, t.tenantId, campaign.id, [lead.id], t.clock.now());
  const before = peers.sink.received.length;
  await t.worker().drain();
  const [raw] = (await peers.sink.waitFor(before + 1)).slice(before).filter((m) => m.to.includes(lead.email));
  const [message] = await messagesOf(database.db, t.tenantId, campaign.id);
  if (!message || !raw) throw new Error("nothing sent");
  const deps = new AppDeps(database.db, { clock: t.clock, tokenKey: t.tokenKey, secrets: t.secrets });
  const server = serve({
    fetch: createApp({ deps, logger: createLogger("silent") }).fetch,
    hostname: "127.0.0.1",
    port: 0,
  });
  await new Promise((resolve) => server.once("listening", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** A link of the sent HTML, aimed at the test server instead of the public URL. */
  const local = (href: string) => {
    const url = new URL(href.replace(/&amp;/g, "&"));
    return `${base}${url.pathname}${url.search}`;
  };
  const events = (type: "opened" | "clicked") =>
    database.db
      .select()
      .from(schema.emailEvents)
      .where(
        and(
          eq(schema.emailEvents.tenantId, t.tenantId),
          eq(schema.emailEvents.messageId, message.id),
          eq(schema.emailEvents.type, type),
        ),
      );
  return { t, campaign, message, raw, local, events };
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? "");
const pixelOf = (html: string) => /<img src="([^"]+\/t\/o\/[^"]+)"/.exec(html)?.[1] ?? "";
/** The raw message with quoted-printable soft breaks and `=3D` undone, enough to find a URL in it. */
const unfolded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");

describe("opt-in tracking", () => {
  it("is off by default: the message carries no pixel and its links are the template's", async () => {
    const { message } = await sentWith({ trackOpens: false, trackClicks: false });
    expect(message.body).not.toContain("/t/");
    expect(hrefs(message.body)).toEqual([
      "https://acme.example/pricing?plan=pro&amp;ref=mail",
      "mailto:sales@acme.example",
    ]);
  });

  it("records one open an hour from the pixel, and answers a 1×1 GIF", async () => {
    const { t, message, raw, local, events } = await sentWith({ trackOpens: true, trackClicks: false });
    const pixel = pixelOf(message.body);
    expect(pixel).toMatch(/^https:\/\/outbound\.example\.test\/t\/o\/[\w-]+\.[\w-]+$/);
    expect(unfolded(raw.raw)).toContain(pixel);
    const first = await fetch(local(pixel));
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/gif");
    expect(
      Buffer.from(await first.arrayBuffer())
        .subarray(0, 6)
        .toString(),
    ).toBe("GIF89a");
    await fetch(local(pixel));
    expect(await events("opened")).toHaveLength(1);
    t.clock.advance(61 * 60_000);
    await fetch(local(pixel));
    expect(await events("opened")).toHaveLength(2);
    const stats = await t.caller.campaigns.stats({ id: message.campaignId });
    expect(stats.totals).toMatchObject({ opened: 1 });
  });

  it("redirects a click to the link that was in the message and records it; any other target is refused", async () => {
    const { message, local, events, raw } = await sentWith({ trackOpens: false, trackClicks: true });
    const [tracked, mailto] = hrefs(message.body);
    expect(mailto).toBe("mailto:sales@acme.example");
    expect(tracked).toContain("/t/c/");
    // The text part keeps the real link.
    expect(unfolded(raw.raw)).toContain("https://acme.example/pricing?plan=pro&ref=mail");
    const click = await fetch(local(tracked ?? ""), { redirect: "manual" });
    expect(click.status).toBe(302);
    expect(click.headers.get("location")).toBe("https://acme.example/pricing?plan=pro&ref=mail");
    const [event] = await events("clicked");
    expect(event?.data).toEqual({ url: "https://acme.example/pricing?plan=pro&ref=mail" });

    const url = new URL(local(tracked ?? ""));
    const token = url.pathname.split("/").at(-1) ?? "";
    for (const target of ["https://evil.example/phish", "https://acme.example/pricing", "javascript:alert(1)", ""]) {
      const refused = await fetch(`${url.origin}/t/c/${token}?u=${encodeURIComponent(target)}`, { redirect: "manual" });
      expect({ target, status: refused.status, location: refused.headers.get("location") }).toEqual({
        target,
        status: 404,
        location: null,
      });
    }
    const forged = await fetch(`${url.origin}/t/c/${token.slice(0, -2)}xx${url.search}`, { redirect: "manual" });
    expect(forged.status).toBe(404);
    expect(await events("clicked")).toHaveLength(1);
  });
});
