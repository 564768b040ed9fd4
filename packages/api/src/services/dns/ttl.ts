import { randomInt } from "node:crypto";
import { createSocket } from "node:dgram";
import { isIP } from "node:net";

/**
 * Node's resolver gives no TTL for TXT or MX answers, so the TTL comes from one plain UDP
 * query of the same name to the same server. Best effort: it only feeds `dns_ttl_observed`,
 * never a record's status, so any failure (timeout, truncation, odd packet) answers null.
 */

export interface DnsServerAddress {
  address: string;
  port: number;
}

/** Parses what `Resolver#getServers()` returns: `1.2.3.4`, `1.2.3.4:53`, `::1`, `[::1]:53`. */
export function parseDnsServer(server: string): DnsServerAddress | null {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed?.[1]) return { address: bracketed[1], port: Number(bracketed[2] ?? 53) };
  if (isIP(server) !== 0) return { address: server, port: 53 };
  const [address, port] = server.split(":");
  if (address && port && isIP(address) === 4) return { address, port: Number(port) };
  return null;
}

const CLASS_IN = 1;
export const DNS_TYPES = { TXT: 16, MX: 15 } as const;

function encodeQuery(id: number, name: string, type: number): Buffer {
  const labels = name.split(".").filter((l) => l.length > 0);
  const qname = Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, "ascii")])),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // standard query, recursion desired
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(CLASS_IN, 2);
  return Buffer.concat([header, qname, tail]);
}

/** Offset just past the (possibly compressed) name at `offset`. */
function skipName(packet: Buffer, offset: number): number {
  let at = offset;
  while (at < packet.length) {
    const length = packet.readUInt8(at);
    if ((length & 0xc0) === 0xc0) return at + 2;
    if (length === 0) return at + 1;
    at += length + 1;
  }
  throw new RangeError("name runs past the packet");
}

/** The smallest TTL of the answers (CNAMEs on the way included: they expire too), or null without answers. */
export function minAnswerTtl(packet: Buffer, id: number): number | null {
  if (packet.length < 12 || packet.readUInt16BE(0) !== id) return null;
  const flags = packet.readUInt16BE(2);
  const truncated = (flags & 0x0200) !== 0;
  if ((flags & 0x8000) === 0 || (flags & 0x000f) !== 0 || truncated) return null;
  const questions = packet.readUInt16BE(4);
  const answers = packet.readUInt16BE(6);
  let at = 12;
  for (let i = 0; i < questions; i++) at = skipName(packet, at) + 4;
  let min: number | null = null;
  for (let i = 0; i < answers; i++) {
    at = skipName(packet, at);
    const ttl = packet.readUInt32BE(at + 4);
    at += 10 + packet.readUInt16BE(at + 8);
    min = min === null ? ttl : Math.min(min, ttl);
  }
  return min;
}

export function queryTtl(
  server: DnsServerAddress,
  name: string,
  type: number,
  timeoutMs: number,
): Promise<number | null> {
  const id = randomInt(0, 0x10000);
  const socket = createSocket(isIP(server.address) === 6 ? "udp6" : "udp4");
  return new Promise<number | null>((resolve) => {
    let done = false;
    const finish = (ttl: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve(ttl);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.on("error", () => finish(null));
    socket.on("message", (packet, from) => {
      if (from.port !== server.port) return;
      try {
        finish(minAnswerTtl(packet, id));
      } catch {
        finish(null);
      }
    });
    socket.send(encodeQuery(id, name, type), server.port, server.address);
  });
}
