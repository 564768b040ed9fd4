import type { Redis } from "ioredis";

export interface RateLimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends and the budget is full again. */
  resetSeconds: number;
}

/** Counts hits per key in fixed windows; `hit` records one and says whether it fits `limit`. */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number, now?: number): Promise<RateLimitResult>;
}

function result(count: number, limit: number, windowEnd: number, now: number): RateLimitResult {
  return {
    allowed: count <= limit,
    limit,
    remaining: Math.max(limit - count, 0),
    resetSeconds: Math.max(Math.ceil((windowEnd - now) / 1000), 1),
  };
}

/** One process's budget: enough for a single server; several servers need `RedisRateLimiter`. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  async hit(key: string, limit: number, windowMs: number, now = Date.now()): Promise<RateLimitResult> {
    const start = now - (now % windowMs);
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      // Old windows are dropped as keys come back; sweep the rest now and then so idle keys don't pile up.
      if (this.windows.size > 10_000) {
        for (const [k, w] of this.windows) if (w.start !== start) this.windows.delete(k);
      }
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return result(window.count, limit, start + windowMs, now);
  }
}

/** A budget shared by every server on the same Redis: INCR on a key per window, which expires with it. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "outbound:ratelimit:",
  ) {}

  async hit(key: string, limit: number, windowMs: number, now = Date.now()): Promise<RateLimitResult> {
    const start = now - (now % windowMs);
    const redisKey = `${this.prefix}${key}:${start}`;
    const [[incrError, count] = [null, 0]] =
      (await this.redis
        .multi()
        .incr(redisKey)
        .pexpire(redisKey, windowMs + 1000)
        .exec()) ?? [];
    if (incrError) throw incrError;
    return result(Number(count), limit, start + windowMs, now);
  }
}
