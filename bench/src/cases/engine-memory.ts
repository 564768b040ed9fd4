import { systemClock } from "@outbound/api";
import type { BenchDatabase } from "../database.js";
import { sendingTenant, startCountingSink } from "../sending-tenant.js";

export interface EngineMemoryResult {
  messages: number;
  messagesPerSec: number;
  sampleEveryMs: number;
  /** RSS in MiB, sampled every `sampleEveryMs` while the worker drains. */
  samplesMiB: number[];
  startRssMiB: number;
  peakRssMiB: number;
  endRssMiB: number;
  /** Mean of the last quarter of samples over the mean of the first quarter. */
  lastToFirstQuarter: number;
  flat: boolean;
}

const MiB = 2 ** 20;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * RSS of one worker draining `messages` enrollments to the loopback sink. In-process: the bench
 * process is the worker (on PGlite the database runs in it too, as it does in a `worker` process
 * with DATA_DIR); the sink shares the process and only counts.
 */
export async function engineMemory(db: BenchDatabase, messages: number): Promise<EngineMemoryResult> {
  const sink = await startCountingSink();
  const handle = await db.open();
  try {
    const t = await sendingTenant(handle.db, sink, { mailboxes: 2, leads: messages, clock: systemClock });
    await t.closeDns();
    await db.analyze();
    const worker = t.worker(t.transport(3));
    const sampleEveryMs = messages > 20_000 ? 5_000 : 1_000;
    const samples = [process.memoryUsage().rss];
    const timer = setInterval(() => samples.push(process.memoryUsage().rss), sampleEveryMs);
    const started = performance.now();
    let sent: number;
    try {
      sent = await worker.drain(1_000_000);
    } finally {
      clearInterval(timer);
      await worker.stop();
    }
    const ms = performance.now() - started;
    samples.push(process.memoryUsage().rss);
    if (sent !== messages || sink.count() !== messages) {
      throw new Error(`engine claimed ${sent}, sink received ${sink.count()}, expected ${messages}`);
    }
    const mib = samples.map((s) => Math.round((s / MiB) * 10) / 10);
    const quarter = Math.max(1, Math.floor(mib.length / 4));
    const ratio = mean(mib.slice(-quarter)) / mean(mib.slice(0, quarter));
    return {
      messages,
      messagesPerSec: Math.round((messages / ms) * 1000),
      sampleEveryMs,
      samplesMiB: mib,
      startRssMiB: mib[0] ?? 0,
      peakRssMiB: Math.max(...mib),
      endRssMiB: mib[mib.length - 1] ?? 0,
      lastToFirstQuarter: Math.round(ratio * 100) / 100,
      flat: ratio < 1.1,
    };
  } finally {
    await handle.close();
    await sink.close();
  }
}
