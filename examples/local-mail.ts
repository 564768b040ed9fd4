// The two peers a local sending test needs, on loopback: a DNS server that publishes a domain's
// records (so Outbound can verify the domain and receivers can check DKIM) and an SMTP server
// that keeps what it receives.
import type { AddressInfo } from "node:net";
import { createTCPServer, createUDPServer, type DnsHandler, Packet } from "dns2";
import { SMTPServer } from "smtp-server";

export interface PublishedRecord {
  type: string;
  host: string;
  value: string;
  priority?: number | null | undefined;
}

/** A DNS server answering TXT and MX for the records published to it; anything else is NXDOMAIN. */
export async function startLocalDns(port: number) {
  const txt = new Map<string, string[]>();
  const mx = new Map<string, { exchange: string; priority: number }[]>();
  const handle: DnsHandler = (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const question = request.questions[0];
    if (!question) return void send(response);
    const name = question.name.toLowerCase();
    const base = { name: question.name, class: Packet.CLASS.IN, ttl: 60 };
    if (question.type === Packet.TYPE.TXT) {
      for (const value of txt.get(name) ?? []) {
        // A TXT value travels as character-strings of at most 255 bytes.
        const data = value.match(/.{1,255}/g) ?? [""];
        response.answers.push(Packet.createResourceFromQuestion(question, { ...base, type: Packet.TYPE.TXT, data }));
      }
    }
    if (question.type === Packet.TYPE.MX) {
      for (const answer of mx.get(name) ?? []) {
        response.answers.push(
          Packet.createResourceFromQuestion(question, { ...base, type: Packet.TYPE.MX, ...answer }),
        );
      }
    }
    if (!txt.has(name) && !mx.has(name)) response.header.rcode = 3;
    void send(response);
  };
  const udp = createUDPServer(handle);
  await udp.listen(port, "127.0.0.1");
  const tcp = createTCPServer(handle);
  await new Promise<void>((resolve, reject) => {
    tcp.once("error", reject);
    tcp.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    publish(records: readonly PublishedRecord[]) {
      for (const r of records) {
        const host = r.host.toLowerCase();
        if (r.type === "TXT") txt.set(host, [...(txt.get(host) ?? []), r.value]);
        if (r.type === "MX") mx.set(host, [...(mx.get(host) ?? []), { exchange: r.value, priority: r.priority ?? 10 }]);
      }
    },
    /** What a resolver answers for a TXT name: the published values, each as one chunk. */
    txt: (name: string): string[][] => (txt.get(name.toLowerCase()) ?? []).map((value) => [value]),
    async close() {
      await udp.close();
      await new Promise((resolve) => tcp.close(resolve));
    },
  };
}

/** An SMTP server that accepts any login and every message, keeping each one as it arrived. */
export async function startLocalSmtp() {
  const received: { from: string; to: string[]; raw: Buffer }[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // Senders keep pooled connections open; closing doesn't wait for them to hang up.
    closeTimeout: 200,
    onAuth: (_auth, _session, callback) => callback(null, { user: "example" }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
