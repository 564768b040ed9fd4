import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AppDeps, appRouter, createContextInner } from "@outbound/api";
import type { Database } from "@outbound/db";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

/** What the server does with one request before (or instead of) answering it normally. */
export type Fault =
  /** Answer with this status and body without calling the API (a proxy's or load balancer's answer). */
  | { kind: "status"; status: number; body?: string; headers?: Record<string, string> }
  /** Close the connection without answering and without calling the API. */
  | { kind: "drop" }
  /** Let the API handle the request (its effects commit), then close the connection unanswered. */
  | { kind: "dropResponse" }
  /** Answer normally, but only after this many milliseconds. */
  | { kind: "delay"; ms: number };

export interface SeenRequest {
  method: string;
  /** Procedure paths, e.g. `leads.create` or `system.info,leads.list` for a batch. */
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  fault: Fault["kind"] | "none";
  /** The `X-Request-Id` the server answered with, if it answered. */
  requestId?: string;
}

export interface FaultyServer {
  baseUrl: string;
  requests: SeenRequest[];
  /** The next requests meet these faults, in order; later ones pass through. */
  failNext(...faults: Fault[]): void;
  /** Forgets recorded requests and pending faults. */
  reset(): void;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A real HTTP server on 127.0.0.1 in front of the real tRPC router over a test database, that
 * misbehaves on purpose when told to. Like the production server, it sends `X-Request-Id`.
 */
export async function startFaultyServer(db: Database): Promise<FaultyServer> {
  const deps = new AppDeps(db);
  const requests: SeenRequest[] = [];
  let faults: Fault[] = [];

  const answer = async (
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    seen: SeenRequest,
    dropAfter: boolean,
  ) => {
    const requestId = randomUUID();
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && !HOP_BY_HOP.has(name)) headers.set(name, value);
    }
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    const response = await fetchRequestHandler({
      endpoint: "/trpc",
      req: request,
      router: appRouter,
      createContext: () => createContextInner({ deps, authorization: req.headers.authorization ?? null, requestId }),
    });
    const text = await response.text();
    if (dropAfter) {
      req.socket.destroy();
      return;
    }
    seen.requestId = requestId;
    res.writeHead(response.status, { ...Object.fromEntries(response.headers), "x-request-id": requestId });
    res.end(text);
  };

  const server = createServer(async (req, res) => {
    res.on("error", () => {});
    const body = await readBody(req);
    const fault = faults.shift();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const seen: SeenRequest = {
      method: req.method ?? "GET",
      path: decodeURIComponent(url.pathname.replace(/^\/trpc\//, "")),
      headers: req.headers,
      body: body.toString("utf8"),
      fault: fault?.kind ?? "none",
    };
    requests.push(seen);
    try {
      switch (fault?.kind) {
        case "status":
          seen.requestId = randomUUID();
          res.writeHead(fault.status, { "x-request-id": seen.requestId, ...fault.headers });
          res.end(fault.body ?? "");
          return;
        case "drop":
          req.socket.destroy();
          return;
        case "dropResponse":
          await answer(req, body, res, seen, true);
          return;
        case "delay": {
          // A client that gave up closes the connection: stop waiting then, so nothing outlives the test.
          const closed = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), fault.ms);
            req.socket.once("close", () => {
              clearTimeout(timer);
              resolve(true);
            });
          });
          if (!closed) await answer(req, body, res, seen, false);
          return;
        }
        default:
          await answer(req, body, res, seen, false);
      }
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    }
  });

  const address = await new Promise<AddressInfo>((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server.address() as AddressInfo));
  });
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    requests,
    failNext: (...next) => {
      faults.push(...next);
    },
    reset: () => {
      requests.length = 0;
      faults = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
