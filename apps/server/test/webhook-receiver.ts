import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An integrator's endpoint on loopback: records every request and answers `status`. */
export interface WebhookReceiver {
  url: string;
  status: number;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += String(chunk);
    });
    req.on("end", () => {
      receiver.received.push({ headers: req.headers, body });
      res.writeHead(receiver.status, { "content-type": "text/plain" });
      res.end(receiver.status < 300 ? "ok" : "receiver is down");
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/outbound`,
    status: 200,
    received: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return receiver;
}

/** Verified independently of the SDK: HMAC-SHA256 of "<t>.<body>" for each v1 in the header. */
export function independentlyVerified(request: ReceivedRequest, secret: string): boolean {
  const header = String(request.headers["outbound-signature"] ?? "");
  const t = /t=(\d+)/.exec(header)?.[1];
  const expected = createHmac("sha256", secret).update(`${t}.${request.body}`).digest("hex");
  return [...header.matchAll(/v1=([0-9a-f]{64})/g)].some((m) => m[1] === expected);
}
