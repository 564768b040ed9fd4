import { systemClock } from "@outbound/api";
import { createTransport, type Transporter } from "nodemailer";
import type { BenchDatabase } from "../database.js";
import { sendingTenant, startCountingSink } from "../sending-tenant.js";

export interface EngineResult {
  messages: number;
  mailboxes: number;
  /** SMTP connections per mailbox (SmtpTransport's default) and enrollments in flight (the worker's default). */
  maxConnections: number;
  concurrency: number;
  engineMessagesPerSec: number;
  nodemailerMessagesPerSec: number;
  ratioEngineToNodemailer: number;
  messageBytes: number;
}

const MAILBOXES = 2;
const MAX_CONNECTIONS = 3;
const CONCURRENCY = 8;

/**
 * Messages per second through EngineWorker.drain() (claim → render → DB writes → DKIM-signed SMTP)
 * to a loopback sink, against nodemailer alone sending the engine's own first message, signed with
 * the same DKIM key, `messages` times over the same number of pooled connections to the same sink.
 */
export async function engineCase(db: BenchDatabase, messages: number): Promise<EngineResult> {
  const sink = await startCountingSink();
  const handle = await db.open();
  try {
    const t = await sendingTenant(handle.db, sink, { mailboxes: MAILBOXES, leads: messages, clock: systemClock });
    await t.closeDns();
    await db.analyze();
    const transport = t.transport(MAX_CONNECTIONS);
    const worker = t.worker(transport, { concurrency: CONCURRENCY });
    const started = performance.now();
    const sent = await worker.drain(1_000_000);
    const engineMs = performance.now() - started;
    await worker.stop();
    if (sent !== messages || sink.count() !== messages) {
      throw new Error(`engine claimed ${sent}, sink received ${sink.count()}, expected ${messages}`);
    }
    const sample = transport.sample;
    if (!sample?.dkim) throw new Error("no DKIM-signed message to replay");
    const transporters: Transporter[] = Array.from({ length: MAILBOXES }, () =>
      createTransport({
        pool: true,
        maxConnections: MAX_CONNECTIONS,
        host: "127.0.0.1",
        port: sink.port,
        secure: false,
        ignoreTLS: true,
        auth: { user: sample.mailbox.settings.username, pass: sample.mailbox.password },
        logger: false,
      }),
    );
    const before = sink.count();
    let next = 0;
    const lane = async () => {
      while (next < messages) {
        const i = next++;
        await transporters[i % MAILBOXES]?.sendMail({
          from: sample.from.address,
          to: sample.to,
          subject: sample.subject,
          text: sample.text,
          ...(sample.html ? { html: sample.html } : {}),
          headers: Object.fromEntries(Object.entries(sample.headers).filter(([n]) => n.toLowerCase() !== "message-id")),
          dkim: sample.dkim ?? undefined,
        });
      }
    };
    const baselineStarted = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const baselineMs = performance.now() - baselineStarted;
    for (const tr of transporters) tr.close();
    if (sink.count() - before !== messages) throw new Error("baseline: the sink missed messages");
    const engineRate = (messages / engineMs) * 1000;
    const baseRate = (messages / baselineMs) * 1000;
    return {
      messages,
      mailboxes: MAILBOXES,
      maxConnections: MAX_CONNECTIONS,
      concurrency: CONCURRENCY,
      engineMessagesPerSec: Math.round(engineRate),
      nodemailerMessagesPerSec: Math.round(baseRate),
      ratioEngineToNodemailer: Math.round((engineRate / baseRate) * 100) / 100,
      messageBytes: (sample.html?.length ?? 0) + sample.text.length + sample.subject.length,
    };
  } finally {
    await handle.close();
    await sink.close();
  }
}
