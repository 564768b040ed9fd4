import { type DatabaseHandle, schema } from "@outbound/db";
import { openTestDatabase, useTestDatabase } from "@outbound/testing";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { addLeads, campaignWith, enroll, messagesOf, sendingTenant } from "./support/fixture.js";
import { usePeers } from "./support/peers.js";

const database = useTestDatabase();
const peers = usePeers();
const extra: DatabaseHandle[] = [];
afterAll(async () => {
  for (const handle of extra) await handle.close();
});

describe("several workers on one database", () => {
  // 600 sends through three workers: a generous safety net on a loaded machine, not a timing check.
  it("three workers send 300 leads × 2 email steps: exactly 600 messages, none twice", {
    timeout: 180_000,
  }, async () => {
    const { db, handle } = database;
    const t = await sendingTenant(db, peers, { mailboxes: 3, dailyCap: 1000 });
    const { campaign } = await campaignWith(t, [
      { stepType: "email" },
      { stepType: "email", subjectOverride: "Again" },
    ]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 300);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      t.clock.now(),
    );
    // On PostgreSQL each worker has its own connections, as separate processes would; PGlite has one session.
    const databases = [];
    for (let i = 0; i < 3; i++) {
      if (handle.kind === "postgres") {
        const own = await openTestDatabase();
        extra.push(own);
        databases.push(own.db);
      } else databases.push(db);
    }
    const before = peers.sink.received.length;
    const workers = databases.map((own) => t.worker({ db: own, batchSize: 20, concurrency: 4 }));
    const claimed = await Promise.all(workers.map((w) => w.drain()));
    const received = peers.sink.received.slice(before);
    expect(received).toHaveLength(600);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(600);
    const pairs = new Set(received.map((m) => `${m.to[0]}|${m.header("subject")}`));
    expect(pairs.size).toBe(600);
    const messages = await messagesOf(db, t.tenantId, campaign.id);
    expect(messages).toHaveLength(600);
    expect(messages.every((m) => m.status === "sent" && m.attempts === 1)).toBe(true);
    if (handle.kind === "postgres") expect(claimed.filter((n) => n > 0).length).toBeGreaterThan(1);
    const usage = await db
      .select({ emailsSent: schema.tenantUsage.emailsSent })
      .from(schema.tenantUsage)
      .where(eq(schema.tenantUsage.tenantId, t.tenantId));
    expect(usage[0]?.emailsSent).toBe(600);
    expect((await t.caller.campaigns.get({ id: campaign.id })).status).toBe("completed");
  });
});
