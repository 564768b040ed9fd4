import { describe, expect, it } from "vitest";
import { loadEnv } from "../src/env.js";

describe("loadEnv", () => {
  it("applies the documented defaults", () => {
    expect(loadEnv({})).toMatchObject({
      HOST: "127.0.0.1",
      PORT: 3000,
      DATA_DIR: ".data/pglite",
      LOG_LEVEL: "info",
    });
    expect(loadEnv({}).DNS_SERVERS).toBeUndefined();
  });

  it("splits DNS_SERVERS and refuses malformed entries at start", () => {
    expect(loadEnv({ DNS_SERVERS: "127.0.0.1:5353, 9.9.9.9" }).DNS_SERVERS).toEqual(["127.0.0.1:5353", "9.9.9.9"]);
    expect(() => loadEnv({ DNS_SERVERS: "dns.example.com" })).toThrow(/DNS_SERVERS/);
  });

  it("names every invalid variable", () => {
    expect(() => loadEnv({ PORT: "70000", LOG_LEVEL: "loud" })).toThrow(/PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/);
  });

  it("needs the webhook secret with a Stripe key, and reads add-on prices", () => {
    expect(() => loadEnv({ STRIPE_SECRET_KEY: "sk_test_x" })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    const env = loadEnv({
      STRIPE_SECRET_KEY: "sk_test_x",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
      STRIPE_ADDON_PRICES: "users=price_u, domains = price_d",
    });
    expect(env.STRIPE_ADDON_PRICES).toEqual({ users: "price_u", domains: "price_d" });
    expect(loadEnv({}).STRIPE_ADDON_PRICES).toEqual({});
  });
});
