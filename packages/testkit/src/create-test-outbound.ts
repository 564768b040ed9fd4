import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AppDeps, dispatchDueWebhooks, ephemeralSecretStore, ManualClock } from "@outbound/api";
import { nextDueAfter } from "@outbound/db/queries/engine-claims";
import { findMessagesByMessageIds } from "@outbound/db/queries/inbound";
import { type InboundResult, receiveInbound } from "@outbound/engine";
import { createOutboundClient } from "@outbound/sdk";
import { createApp } from "@outbound/server/app";
import { createEngine } from "@outbound/server/engine";
import { startJobs } from "@outbound/server/jobs";
import { createLogger } from "@outbound/server/logger";
import { CapturedOutbox } from "./captured-outbox.js";
import { openTestDatabase } from "./database.js";
import { bounceOf, replyTo } from "./inbound-mail.js";
import type { CapturedMail, InboundOutcome, TestOutbound, TestOutboundOptions } from "./types.js";
import { seedWorkspace } from "./workspace.js";

// The public outcome type is written out (the published types can't name the engine's): both ways assignable.
const sameOutcomes: [InboundResult, InboundOutcome] extends [InboundOutcome, InboundResult] ? true : never = true;
void sameOutcomes;

type Fetch = (request: Request) => Response | Promise<Response>;

/** Listens on a random loopback port; resolves with the server and its port. */
async function listen(fetch: Fetch) {
  let resolveAddress: (info: AddressInfo) => void = () => {};
  const listening = new Promise<AddressInfo>((resolve) => {
    resolveAddress = resolve;
  });
  const server = serve({ fetch, hostname: "127.0.0.1", port: 0 }, (info) => resolveAddress(info));
  const { port } = await listening;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ("closeAllConnections" in server) server.closeAllConnections();
    });
  return { port, close };
}

/**
 * Starts an Outbound in this process: the real API (the server's Hono app on a loopback port),
 * services and sending engine on a private in-memory PGlite, with a clock only the test moves,
 * an outbox in place of SMTP, and `deliverReply`/`deliverBounce` in place of IMAP. A seeded
 * workspace is ready to send; `client` talks to it with its API key.
 */
export async function createTestOutbound(options: TestOutboundOptions = {}): Promise<TestOutbound> {
  const clock = new ManualClock(options.now ?? new Date());
  const logger = createLogger(options.logLevel ?? "error", process.stderr);
  const database = await openTestDatabase();
  const { db } = database;
  // The app is built once the port is known (links in mail name the server); until then nothing can call.
  let app: { fetch: Fetch } | undefined;
  const http = await listen((request) => app?.fetch(request) ?? new Response(null, { status: 503 }));
  const url = `http://127.0.0.1:${http.port}`;
  const secrets = ephemeralSecretStore();
  const tokenKey = randomBytes(32);
  // Domain checks ask a DNS server that isn't there: nothing in a test reaches the internet.
  // Loopback is allowed, so webhooks can point at a receiver the test runs.
  const deps = new AppDeps(db, {
    secrets,
    clock,
    publicUrl: url,
    tokenKey,
    dnsServers: ["127.0.0.1:9"],
    allowNonPublicMailHosts: true,
  });
  app = createApp({ deps, logger });

  let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
  try {
    seeded = await seedWorkspace(deps);
  } catch (error) {
    await http.close();
    await database.close();
    throw error;
  }
  const { workspace, apiKey } = seeded;
  const tenantId = workspace.tenantId;

  const outbox = new CapturedOutbox(clock, async (mail) => {
    const [message] = await findMessagesByMessageIds(db, { tenantId, messageIds: [mail.messageId] });
    return {
      campaignId: message?.campaignId ?? null,
      stepId: message?.stepId ?? null,
      leadId: message?.leadId ?? null,
      campaignLeadId: message?.campaignLeadId ?? null,
    };
  });
  const engine = createEngine({
    db,
    secrets,
    clock,
    logger,
    tokenKey,
    publicUrl: url,
    allowNonPublicMailHosts: true,
    transport: outbox,
    inbound: false,
  });
  const jobs = startJobs({ db, logger, intervalMs: null, renewLocalSubscriptions: true, now: () => clock.now() });

  /** What the server's timers would have done by now: periodic jobs, engine cycles until nothing is due, due webhooks. */
  const runDue = async () => {
    await jobs.runOnce();
    await engine.drain();
    await dispatchDueWebhooks({ db, secrets, clock, allowNonPublic: true });
  };

  let uid = 0;
  const receive = async (messageId: string, build: (original: CapturedMail) => Promise<Buffer> | Buffer) => {
    const original = outbox.find(messageId);
    if (!original) throw new Error(`No captured mail has the Message-ID ${messageId}`);
    const source = await build(original);
    uid += 1;
    return receiveInbound(
      { db, clock, tokenKey },
      { tenantId, emailAccountId: original.emailAccountId, uidValidity: 1, uid },
      source,
    );
  };

  let closed: Promise<void> | undefined;
  return {
    url,
    apiKey,
    client: createOutboundClient({ baseUrl: url, apiKey }),
    workspace,
    now: () => clock.now(),
    async advanceTime(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceTime takes a duration in ms ≥ 0, not ${ms}`);
      const target = clock.now().getTime() + ms;
      await runDue();
      // Stop at every moment something falls due on the way, so mail carries the time it was due.
      for (;;) {
        const next = await nextDueAfter(db, { after: clock.now() });
        if (!next || next.getTime() > target) break;
        clock.set(next);
        await runDue();
      }
      clock.set(new Date(target));
      await runDue();
    },
    outbox: () => outbox.list(),
    deliverReply: (messageId, text) => receive(messageId, (original) => replyTo(original, text, clock.now())),
    deliverBounce: (messageId) => receive(messageId, (original) => bounceOf(original, clock.now())),
    close() {
      closed ??= (async () => {
        await http.close();
        await jobs.stop();
        await engine.stop();
        await database.close();
        // The listening handle is released in the event loop's close phase, after the close callback:
        // a timer fires only once that phase has passed, so nothing of ours is left when this resolves.
        await new Promise<void>((resolve) => setTimeout(resolve, 0));
      })();
      return closed;
    },
  };
}
