import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AppDeps } from "@outbound/api";
import { signMessageToken } from "@outbound/api/services/outreach/message-tokens";
import { schema } from "@outbound/db";
import {
  addLeads,
  campaignWith,
  enroll,
  enrollments,
  messagesOf,
  type SendingTenant,
  sendingTenant,
} from "@outbound/engine/test/fixture";
import { usePeers } from "@outbound/engine/test/peers";
import { useTestDatabase } from "@outbound/testing";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";

const database = useTestDatabase();
const peers = usePeers();
const HOUR = 3_600_000;
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** The server on loopback for the tenant's clock and token key, with every log line kept. */
async function serverFor(t: SendingTenant) {
  const lines: string[] = [];
  const deps = new AppDeps(database.db, { clock: t.clock, tokenKey: t.tokenKey, secrets: t.secrets });
  const app = createApp({ deps, logger: createLogger("info", { write: (line: string) => void lines.push(line) }) });
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, lines };
}

/** Two campaigns of two emails each (a day apart), the same lead enrolled in both, first emails sent. */
async function leadInTwoCampaigns() {
  const t = await sendingTenant(database.db, peers);
  const steps = [
    { stepType: "email" as const },
    { stepType: "wait" as const, waitDurationHours: 24 },
    { stepType: "email" as const },
  ];
  const first = (await campaignWith(t, steps)).campaign;
  const second = (await campaignWith(t, steps)).campaign;
  const [lead] = await addLeads(database.db, t.tenantId, 1);
  if (!lead) throw new Error("no lead");
  for (const campaign of [first, second]) {
    await t.caller.campaigns.launch({ id: campaign.id });
    await enroll(database.db, t.tenantId, campaign.id, [lead.id], t.clock.now());
  }
  const before = peers.sink.received.length;
  await t.worker().drain();
  const mail = (await peers.sink.waitFor(before + 2)).slice(before).filter((m) => m.to.includes(lead.email));
  expect(mail).toHaveLength(2);
  return { t, lead, campaigns: [first, second], mail };
}

/** The https target of a List-Unsubscribe header, as its path on our server. */
function unsubscribePath(header: string | null): string {
  const url = /<(https:[^>]+)>/.exec(header ?? "")?.[1];
  if (!url) throw new Error(`no https List-Unsubscribe in ${header}`);
  return new URL(url).pathname;
}

const oneClick = (base: string, path: string) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  });

async function eventsOf(tenantId: string, leadId: string) {
  return database.db
    .select({ type: schema.emailEvents.type, messageId: schema.emailEvents.messageId })
    .from(schema.emailEvents)
    .where(and(eq(schema.emailEvents.tenantId, tenantId), eq(schema.emailEvents.leadId, leadId)));
}

describe("one-click unsubscribe", () => {
  it("GET only asks; the RFC 8058 POST suppresses the address and stops every enrollment of it, once", async () => {
    const { t, lead, campaigns, mail } = await leadInTwoCampaigns();
    await t.caller.webhooks.create({ url: "https://hooks.example.test/outbound", events: ["lead.unsubscribed"] });
    const server = await serverFor(t);
    const [mailOne] = mail;
    expect(mailOne?.header("List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    const path = unsubscribePath(mailOne?.header("List-Unsubscribe") ?? null);

    const confirm = await fetch(`${server.base}${path}`);
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    expect(page).toContain('<form method="post">');
    expect(page).not.toContain(lead.email);
    expect(page).toContain(`•••@${lead.email.split("@")[1]}`);
    for (const campaign of campaigns) {
      expect((await enrollments(database.db, t.tenantId, campaign.id))[0]?.status).toBe("active");
    }

    const done = await oneClick(server.base, path);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("will get no more email");
    for (const campaign of campaigns) {
      expect((await enrollments(database.db, t.tenantId, campaign.id))[0]).toMatchObject({ status: "unsubscribed" });
    }
    const [leadRow] = await database.db.select().from(schema.leads).where(eq(schema.leads.id, lead.id));
    expect(leadRow?.status).toBe("unsubscribed");
    const suppressed = await t.caller.suppressions.list({});
    expect(suppressed.items.find((s) => s.value === lead.email)?.reason).toBe("unsubscribed");

    // A second click (or the provider retrying) changes nothing more.
    expect((await oneClick(server.base, path)).status).toBe(200);
    expect((await eventsOf(t.tenantId, lead.id)).filter((e) => e.type === "unsubscribed")).toHaveLength(1);
    const queued = await database.db
      .select({ type: schema.webhookDeliveries.eventType, payload: schema.webhookDeliveries.payload })
      .from(schema.webhookDeliveries)
      .where(eq(schema.webhookDeliveries.tenantId, t.tenantId));
    expect(queued.map((q) => q.type)).toEqual(["lead.unsubscribed"]);
    expect(queued[0]?.payload.data).toMatchObject({ leadId: lead.id, email: lead.email, via: "link" });

    // The follow-ups never go out.
    t.clock.advance(48 * HOUR);
    await t.worker().drain();
    for (const campaign of campaigns) expect(await messagesOf(database.db, t.tenantId, campaign.id)).toHaveLength(1);

    // The token never reaches the log.
    const token = path.split("/").at(-1) ?? "";
    expect(server.lines.join("\n")).not.toContain(token);
    expect(server.lines.some((line) => line.includes('"path":"/u/:token"'))).toBe(true);
  });

  it("answers 404 to a forged, altered or other-purpose token and changes nothing", async () => {
    const { t, lead, campaigns, mail } = await leadInTwoCampaigns();
    const server = await serverFor(t);
    const path = unsubscribePath(mail[0]?.header("List-Unsubscribe") ?? null);
    const token = path.slice("/u/".length);
    const [payload = "", tag = ""] = token.split(".");
    const flipped = `${payload}.${tag.startsWith("A") ? `B${tag.slice(1)}` : `A${tag.slice(1)}`}`;
    const [message] = await messagesOf(database.db, t.tenantId, campaigns[0]?.id ?? "");
    const openToken = signMessageToken(t.tokenKey, "open", { tenantId: t.tenantId, messageId: message?.id ?? "" });
    for (const bad of [flipped, openToken, `${token}x`, "nothing"]) {
      expect((await fetch(`${server.base}/u/${bad}`)).status).toBe(404);
      expect((await oneClick(server.base, `/u/${bad}`)).status).toBe(404);
    }
    expect((await eventsOf(t.tenantId, lead.id)).filter((e) => e.type === "unsubscribed")).toHaveLength(0);
    for (const campaign of campaigns) {
      expect((await enrollments(database.db, t.tenantId, campaign.id))[0]?.status).toBe("active");
    }
  });
});
