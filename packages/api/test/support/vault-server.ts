import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The slice of Vault's KV v2 HTTP API the store uses, kept in memory: token check, versions,
 * soft reads of a deleted path as 404, metadata delete removing every version.
 */
export class VaultServer {
  readonly token = `hvs.${crypto.randomUUID()}`;
  readonly secrets = new Map<string, { versions: Record<string, unknown>[] }>();
  sealed = false;
  readonly requests: { method: string; url: string; token: string | undefined }[] = [];
  private server: Server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const token = req.headers["x-vault-token"];
    this.requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      token: typeof token === "string" ? token : undefined,
    });
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    if (this.sealed) return send(503, { errors: ["Vault is sealed"] });
    if (token !== this.token) return send(403, { errors: ["permission denied"] });
    const match = /^\/v1\/([^/]+)\/(data|metadata)\/(.+)$/.exec(req.url ?? "");
    if (match?.[1] !== "kv") return send(404, { errors: [] });
    const [, , kind, path = ""] = match;
    const entry = this.secrets.get(path);
    if (kind === "data" && (req.method === "POST" || req.method === "PUT")) {
      const body = JSON.parse(raw) as { data: Record<string, unknown> };
      const next = entry ?? { versions: [] };
      next.versions.push(body.data);
      this.secrets.set(path, next);
      return send(200, { data: { version: next.versions.length } });
    }
    if (kind === "data" && req.method === "GET") {
      const latest = entry?.versions.at(-1);
      if (!latest) return send(404, { errors: [] });
      return send(200, { data: { data: latest, metadata: { version: entry?.versions.length } } });
    }
    if (kind === "metadata" && req.method === "DELETE") {
      this.secrets.delete(path);
      return send(204);
    }
    return send(405, { errors: ["unsupported"] });
  }
}
