import { describe, expect, it } from "vitest";
import { isNonPublicAddress, resolveConnectable } from "../src/services/platform/network-guard.js";

describe("isNonPublicAddress", () => {
  it("flags loopback, private, link-local, shared, documentation and multicast addresses", () => {
    for (const address of [
      "127.0.0.1",
      "127.255.0.9",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.10",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "192.0.2.7",
      "224.0.0.251",
      "255.255.255.255",
      "::",
      "::1",
      "fe80::1",
      "fd12:3456::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:a9fe:a9fe",
      "64:ff9b::10.0.0.1",
      "not an address",
    ]) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
  });

  it("lets public addresses through, including IPv4 carried in IPv6", () => {
    for (const address of [
      "8.8.8.8",
      "1.1.1.1",
      "172.32.0.1",
      "192.169.0.1",
      "2001:4860:4860::8888",
      "::ffff:8.8.4.4",
    ]) {
      expect(isNonPublicAddress(address), address).toBe(false);
    }
  });
});

describe("resolveConnectable", () => {
  it("checks every address a name resolves to, and connects to the address it checked", async () => {
    expect(await resolveConnectable("localhost", { allowNonPublic: false })).toMatchObject({
      ok: false,
      reason: "blocked",
    });
    const allowed = await resolveConnectable("localhost", { allowNonPublic: true });
    expect(allowed.ok && ["127.0.0.1", "::1"].includes(allowed.address)).toBe(true);
    expect(await resolveConnectable("192.0.2.1", { allowNonPublic: false })).toMatchObject({ reason: "blocked" });
    expect(await resolveConnectable("8.8.8.8", { allowNonPublic: false })).toEqual({ ok: true, address: "8.8.8.8" });
  });

  it("says a name that does not resolve is a DNS failure", async () => {
    expect(await resolveConnectable("no-such-host.invalid", { allowNonPublic: false })).toMatchObject({
      ok: false,
      reason: "dns",
    });
  });
});
