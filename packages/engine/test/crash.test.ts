import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { DatabaseSecretStore, generateSecretKey, systemClock } from "@outbound/api";
import { testEnv, useTestDatabase } from "@outbound/testing";
import { startDnsServer, type TestDnsServer } from "@outbound/testing/dns-server";
import { type SmtpSink, startSmtpSink } from "@outbound/testing/smtp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineWorker, SmtpTransport } from "../src/index.js";
import {
  addLeads,
  campaignWith,
  enroll,
  enrollments,
  messagesOf,
  SINK_PASSWORD,
  SINK_USER,
  sendingTenant,
} from "./support/fixture.js";

const database = useTestDatabase();
let dns: TestDnsServer;
let sink: SmtpSink;
beforeAll(async () => {
  dns = await startDnsServer();
  // Slow answers to DATA, so the kill lands while messages are on the wire.
  sink = await startSmtpSink({ users: { [SINK_USER]: SINK_PASSWORD }, dataDelayMs: 40 });
});
afterAll(async () => {
  await sink.close();
  await dns.close();
});

const script = fileURLToPath(new URL("./support/worker-process.ts", import.meta.url));

// Two processes on one database need PostgreSQL: the embedded database serves one process.
describe.skipIf(!testEnv.databaseUrl)("a worker killed mid-batch", () => {
  it("leaves nothing sent twice and nothing due lost once another worker takes over", async () => {
    const { db } = database;
    const secretKey = generateSecretKey();
    const secrets = new DatabaseSecretStore(db, secretKey);
    const t = await sendingTenant(db, { dns, sink }, { secrets, clock: systemClock, mailboxes: 2, dailyCap: 500 });
    const { campaign } = await campaignWith(t, [{ stepType: "email" }, { stepType: "email", subjectOverride: "Two" }]);
    await t.caller.campaigns.launch({ id: campaign.id });
    const leads = await addLeads(db, t.tenantId, 60);
    await enroll(
      db,
      t.tenantId,
      campaign.id,
      leads.map((l) => l.id),
      new Date(),
    );
    const tokenKey = randomBytes(32);
    const before = sink.received.length;

    const child = spawn(
      process.execPath,
      ["--import", "tsx", script, testEnv.databaseUrl ?? "", secretKey, tokenKey.toString("hex"), t.tenantId],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await sink.waitFor(before + 25, 30_000);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const atKill = sink.received.length - before;
    expect(atKill).toBeLessThan(120);

    // Leases of the dead worker expire; a new worker finishes the campaign.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const worker = new EngineWorker(
      {
        db,
        secrets,
        clock: systemClock,
        transport: new SmtpTransport({ allowNonPublic: true, timeoutMs: 2_000 }),
        tokenKey,
        publicUrl: "https://outbound.example.test",
      },
      { leaseMs: 10_000, tenantIds: [t.tenantId] },
    );
    await worker.drain();
    await worker.stop();

    const received = sink.received.slice(before);
    const byMessageId = new Map<string, number>();
    for (const mail of received)
      byMessageId.set(mail.messageId ?? "", (byMessageId.get(mail.messageId ?? "") ?? 0) + 1);
    expect([...byMessageId.values()].every((n) => n === 1)).toBe(true);
    const pairs = received.map((m) => `${m.to[0]}|${m.header("subject")}`);
    expect(new Set(pairs).size).toBe(pairs.length);

    const messages = await messagesOf(db, t.tenantId, campaign.id);
    expect(messages).toHaveLength(120);
    const interrupted = messages.filter((m) => m.status === "failed");
    expect(messages.filter((m) => m.status === "sent").length + interrupted.length).toBe(120);
    for (const m of messages.filter((m) => m.status === "sent")) expect(byMessageId.get(m.messageId)).toBe(1);
    for (const m of interrupted) expect(m.smtpResponse).toMatch(/^interrupted/);
    // Only the attempts on the wire at the kill are in doubt: at most the dead worker's lanes.
    expect(interrupted.length).toBeLessThanOrEqual(4);
    const ended = await enrollments(db, t.tenantId, campaign.id);
    expect(ended.every((e) => e.status === "finished" && e.nextActionAt === null)).toBe(true);
  });
});
