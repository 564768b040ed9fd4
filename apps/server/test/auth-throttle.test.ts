import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { AppDeps, ManualClock, MemoryRateLimiter } from "@outbound/api";
import { addressKey } from "@outbound/api/services/auth/throttle";
import { useTestDatabase } from "@outbound/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";

const database = useTestDatabase();
const PASSWORD = "a long enough password";
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

interface Throttled {
  clock: ManualClock;
  /** POSTs a procedure over real HTTP (the socket's peer is 127.0.0.1). */
  call(path: string, input: unknown, headers?: Record<string, string>): Promise<Response>;
}

/** A server listening on loopback with small budgets, so a test spends them in a few calls. */
async function throttledServer(options: { trustProxy?: boolean } = {}): Promise<Throttled> {
  const clock = new ManualClock();
  const deps = new AppDeps(database.db, {
    clock,
    rateLimiter: new MemoryRateLimiter(),
    authThrottle: { signInPerAddress: 6, signInPerEmail: 3, signUpPerAddress: 2, signUpPerEmail: 2 },
  });
  const app = createApp({ deps, logger: createLogger("silent"), ...options });
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    clock,
    call: (path, input, headers = {}) =>
      fetch(`${base}/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ json: input }),
      }),
  };
}

async function errorOf(response: Response) {
  const body = (await response.json()) as {
    error: { json: { data: { code: string; details?: { retryAfter?: number } } } };
  };
  return body.error.json.data;
}

const signIn = (server: Throttled, email: string, password = "wrong password", headers?: Record<string, string>) =>
  server.call("auth.signIn", { email, password }, headers);

describe("sign-in and sign-up throttling", () => {
  it("slows one client trying many accounts: 429 TOO_MANY_REQUESTS with retryAfter and Retry-After", async () => {
    const server = await throttledServer();
    for (let i = 0; i < 6; i++) expect((await signIn(server, `guess${i}@throttle.test`)).status).toBe(401);
    const refused = await signIn(server, "guess7@throttle.test");
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const error = await errorOf(refused);
    expect(error.code).toBe("TOO_MANY_REQUESTS");
    expect(error.details?.retryAfter).toBe(retryAfter);

    // The budget comes back when its window ends.
    server.clock.advance(retryAfter * 1000);
    expect((await signIn(server, "guess8@throttle.test")).status).toBe(401);
  });

  it("slows guesses at one account from many addresses, and refuses even the right password meanwhile", async () => {
    const server = await throttledServer({ trustProxy: true });
    const email = `owner-${crypto.randomUUID()}@throttle.test`;
    const signedUp = await server.call(
      "auth.signUp",
      { email, password: PASSWORD, name: "Owner", tenantName: "Throttled" },
      { "x-forwarded-for": "198.51.100.1" },
    );
    expect(signedUp.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const from = { "x-forwarded-for": `203.0.113.${i + 1}` };
      expect((await signIn(server, email, "wrong password", from)).status).toBe(401);
    }
    const rightButThrottled = await signIn(server, email, PASSWORD, { "x-forwarded-for": "203.0.113.50" });
    expect(rightButThrottled.status).toBe(429);
    // Another account is not affected by that email's budget.
    expect(
      (await signIn(server, "someone-else@throttle.test", "x", { "x-forwarded-for": "203.0.113.51" })).status,
    ).toBe(401);
    server.clock.advance(15 * 60_000);
    expect((await signIn(server, email, PASSWORD, { "x-forwarded-for": "203.0.113.50" })).status).toBe(200);
  });

  it("ignores X-Forwarded-For unless the server is told it sits behind a proxy", async () => {
    const server = await throttledServer();
    for (let i = 0; i < 6; i++) {
      const forged = { "x-forwarded-for": `192.0.2.${i + 1}` };
      expect((await signIn(server, `forged${i}@throttle.test`, "x", forged)).status).toBe(401);
    }
    expect((await signIn(server, "forged9@throttle.test", "x", { "x-forwarded-for": "192.0.2.99" })).status).toBe(429);
  });

  it("trusts only the entry the proxy appended, not one the client sent", async () => {
    const server = await throttledServer({ trustProxy: true });
    for (let i = 0; i < 6; i++) {
      const chain = { "x-forwarded-for": `10.9.9.${i}, 198.51.100.7` };
      expect((await signIn(server, `chain${i}@throttle.test`, "x", chain)).status).toBe(401);
    }
    const again = { "x-forwarded-for": "10.9.9.200, 198.51.100.7" };
    expect((await signIn(server, "chain9@throttle.test", "x", again)).status).toBe(429);
  });

  it("throttles sign-ups per client address", async () => {
    const server = await throttledServer();
    const signUp = (n: number) =>
      server.call("auth.signUp", {
        email: `new${n}-${crypto.randomUUID()}@throttle.test`,
        password: PASSWORD,
        name: "New",
        tenantName: `Tenant ${n}`,
      });
    expect((await signUp(1)).status).toBe(200);
    expect((await signUp(2)).status).toBe(200);
    const third = await signUp(3);
    expect(third.status).toBe(429);
    expect((await errorOf(third)).code).toBe("TOO_MANY_REQUESTS");
  });
});

describe("addressKey", () => {
  it("counts IPv4 per address and IPv6 per /64", () => {
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
  });
});
