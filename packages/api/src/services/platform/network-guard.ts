import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Addresses a server on the public internet never is: loopback, private networks, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, benchmarking, multicast and reserved.
 * Connecting to a host the tenant names must skip these, or a settings dialog becomes a probe of
 * the network the API runs in.
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 3],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 127],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/** An IPv4 address carried inside IPv6 (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`), if any. */
function embeddedIpv4(address: string): string | null {
  const match = /^(?:::ffff:|64:ff9b::)(?:0:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (match) {
    const [high, low] = [Number.parseInt(match[1] ?? "", 16), Number.parseInt(match[2] ?? "", 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  const dotted = /^(?:::ffff:|64:ff9b::)(?:0:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return dotted?.[1] ?? null;
}

/** True for an IP address that is not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return NON_PUBLIC.check(address, "ipv4");
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  if (v4) return NON_PUBLIC.check(v4, "ipv4");
  return NON_PUBLIC.check(address, "ipv6");
}

export type PublicAddress = { ok: true; address: string } | { ok: false; reason: "dns" | "blocked"; error: string };

/**
 * Resolves `host` once and picks an address to connect to. With `allowNonPublic` false, a host
 * with any non-public address is refused (all of them are checked, so a name can't smuggle one in
 * beside a public one). Connect to the returned address, not the name, so a second lookup can't
 * answer differently (DNS rebinding).
 */
export async function resolveConnectable(host: string, options: { allowNonPublic: boolean }): Promise<PublicAddress> {
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch (error) {
      return {
        ok: false,
        reason: "dns",
        error: `${host} does not resolve to an address (${(error as Error).message})`,
      };
    }
  }
  const blocked = addresses.find(isNonPublicAddress);
  if (blocked && !options.allowNonPublic) {
    return {
      ok: false,
      reason: "blocked",
      error: `${host} resolves to ${blocked}, which is not a public address: this server only connects to mail servers on the internet`,
    };
  }
  const [address] = addresses;
  if (!address) return { ok: false, reason: "dns", error: `${host} does not resolve to an address` };
  return { ok: true, address };
}
