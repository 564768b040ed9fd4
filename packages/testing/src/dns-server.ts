import type { AddressInfo } from "node:net";
import { createTCPServer, createUDPServer, type DnsHandler, Packet } from "dns2";

export interface MxAnswer {
  exchange: string;
  priority: number;
}

/** What the server answers; tests change it between calls. Names are matched lower-case. */
export interface DnsZone {
  txt: Map<string, string[]>;
  mx: Map<string, MxAnswer[]>;
  ttl: number;
  /** Answer every query with this failure instead of records; `silent` never answers. */
  failure: "servfail" | "refused" | "silent" | null;
}

export interface TestDnsServer {
  zone: DnsZone;
  /** `127.0.0.1:<port>`, the form `AppDeps`' `dnsServers` takes. */
  address: string;
  /** Serves exactly these records (TXT values and MX targets), replacing what was there. */
  publish(records: { type: string; host: string; value: string; priority?: number | undefined }[]): void;
  close(): Promise<void>;
}

const RCODE = { NXDOMAIN: 3, SERVFAIL: 2, REFUSED: 5 } as const;

/** A TXT value as DNS carries it: character-strings of at most 255 bytes. */
function chunks(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += 255) out.push(value.slice(i, i + 255));
  return out.length > 0 ? out : [""];
}

/**
 * A real DNS server on loopback (UDP and TCP on the same port, as resolvers fall back to TCP
 * for answers too big for UDP). Unknown names are NXDOMAIN; a known name without records of
 * the asked type is an empty answer (NODATA).
 */
export async function startDnsServer(): Promise<TestDnsServer> {
  const zone: DnsZone = { txt: new Map(), mx: new Map(), ttl: 300, failure: null };
  const handle: DnsHandler = (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const question = request.questions[0];
    if (!question) return void send(response);
    const name = question.name.toLowerCase();
    if (zone.failure === "silent") return;
    if (zone.failure) {
      response.header.rcode = zone.failure === "servfail" ? RCODE.SERVFAIL : RCODE.REFUSED;
      return void send(response);
    }
    const base = { name: question.name, class: Packet.CLASS.IN, ttl: zone.ttl };
    if (question.type === Packet.TYPE.TXT) {
      for (const value of zone.txt.get(name) ?? []) {
        response.answers.push(
          Packet.createResourceFromQuestion(question, { ...base, type: Packet.TYPE.TXT, data: chunks(value) }),
        );
      }
    }
    if (question.type === Packet.TYPE.MX) {
      for (const mx of zone.mx.get(name) ?? []) {
        response.answers.push(Packet.createResourceFromQuestion(question, { ...base, type: Packet.TYPE.MX, ...mx }));
      }
    }
    if (!zone.txt.has(name) && !zone.mx.has(name)) response.header.rcode = RCODE.NXDOMAIN;
    void send(response);
  };

  const udp = createUDPServer(handle);
  await udp.listen(0, "127.0.0.1");
  const { port } = udp.address();
  const tcp = createTCPServer(handle);
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(port, "127.0.0.1", () => resolve());
  });
  if ((tcp.address() as AddressInfo).port !== port) throw new Error("TCP port differs from UDP port");

  return {
    zone,
    address: `127.0.0.1:${port}`,
    publish(records) {
      zone.txt.clear();
      zone.mx.clear();
      for (const r of records) {
        const host = r.host.toLowerCase();
        if (r.type === "MX")
          zone.mx.set(host, [...(zone.mx.get(host) ?? []), { exchange: r.value, priority: r.priority ?? 10 }]);
        else zone.txt.set(host, [...(zone.txt.get(host) ?? []), r.value]);
      }
    },
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}
