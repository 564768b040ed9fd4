import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

type Json = Record<string, unknown>;

export interface FakeSubscriptionItem {
  id: string;
  object: "subscription_item";
  price: { id: string; object: "price" };
  quantity: number;
  current_period_start: number;
  current_period_end: number;
}

export interface FakeSubscription {
  id: string;
  object: "subscription";
  customer: string;
  status: string;
  cancel_at_period_end: boolean;
  metadata: Record<string, string>;
  items: { object: "list"; data: FakeSubscriptionItem[] };
  latest_invoice: string;
}

/**
 * A small stand-in for api.stripe.com that keeps state for the endpoints billing uses: customers
 * (create, retrieve), subscriptions (create, retrieve, update, cancel) and subscription items
 * (create, update, delete). The real `stripe` package talks to it over HTTP.
 */
export interface FakeStripe {
  /** `http://127.0.0.1:<port>`, for `StripeBillingProvider`'s `apiBase`. */
  url: string;
  customers: Map<string, Json>;
  subscriptions: Map<string, FakeSubscription>;
  /** Every request as `METHOD /path`, in order. */
  requests: string[];
  /** Moves a subscription one period on (a renewal), as Stripe's clock would. */
  renew(subscriptionId: string): FakeSubscription;
  close(): Promise<void>;
}

const ids = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;
const MONTH = 30 * 24 * 3600;

/** Stripe's form encoding (`items[0][price]=x`) to nested objects; numeric keys make arrays. */
function parseForm(body: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((part, i) => {
      const last = i === path.length - 1;
      const container = node as Record<string, unknown>;
      if (last) {
        container[part] = value;
        return;
      }
      if (container[part] === undefined) container[part] = /^\d+$/.test(path[i + 1] ?? "") ? [] : {};
      node = container[part] as Record<string, unknown>;
    });
  }
  return root;
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      data += chunk;
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });

export async function startFakeStripe(): Promise<FakeStripe> {
  const customers = new Map<string, Json>();
  const subscriptions = new Map<string, FakeSubscription>();
  const requests: string[] = [];
  const answered = new Map<string, [number, unknown]>();

  const item = (price: string, quantity: number, start: number): FakeSubscriptionItem => ({
    id: ids("si"),
    object: "subscription_item",
    price: { id: price, object: "price" },
    quantity,
    current_period_start: start,
    current_period_end: start + MONTH,
  });
  const findItem = (itemId: string) => {
    for (const sub of subscriptions.values()) {
      const found = sub.items.data.find((i) => i.id === itemId);
      if (found) return { sub, found };
    }
    return null;
  };

  function handle(method: string, path: string, params: Json, query: URLSearchParams): [number, unknown] {
    const parts = path.split("/").filter(Boolean).slice(1);
    const [resource, id] = parts;
    const missing: [number, unknown] = [
      404,
      { error: { type: "invalid_request_error", code: "resource_missing", message: `No such ${resource}: ${id}` } },
    ];
    if (resource === "customers") {
      if (method === "POST" && !id) {
        const customer = { id: ids("cus"), object: "customer", ...params };
        customers.set(customer.id, customer);
        return [200, customer];
      }
      const customer = id ? customers.get(id) : undefined;
      return customer && method === "GET" ? [200, customer] : missing;
    }
    if (resource === "subscriptions") {
      if (method === "POST" && !id) {
        const customer = String(params.customer);
        if (!customers.has(customer)) return missing;
        const now = Math.floor(Date.now() / 1000);
        const lines = (params.items as Json[]).map((i) => item(String(i.price), Number(i.quantity ?? 1), now));
        const sub: FakeSubscription = {
          id: ids("sub"),
          object: "subscription",
          customer,
          status: params.payment_behavior === "default_incomplete" ? "incomplete" : "active",
          cancel_at_period_end: false,
          metadata: (params.metadata as Record<string, string>) ?? {},
          items: { object: "list", data: lines },
          latest_invoice: ids("in"),
        };
        subscriptions.set(sub.id, sub);
        const expand = [...((params.expand as string[]) ?? []), ...query.getAll("expand[]")];
        if (!expand.includes("latest_invoice.confirmation_secret")) return [200, sub];
        const invoice = {
          id: sub.latest_invoice,
          object: "invoice",
          confirmation_secret: { client_secret: `pi_${sub.id}_secret_x`, type: "payment_intent" },
        };
        return [200, { ...sub, latest_invoice: invoice }];
      }
      const sub = id ? subscriptions.get(id) : undefined;
      if (!sub) return missing;
      if (method === "GET") return [200, sub];
      if (method === "DELETE") {
        sub.status = "canceled";
        return [200, sub];
      }
      if (params.cancel_at_period_end !== undefined) sub.cancel_at_period_end = params.cancel_at_period_end === "true";
      for (const change of (params.items as Json[] | undefined) ?? []) {
        const existing = sub.items.data.find((i) => i.id === change.id);
        if (existing && change.price) existing.price = { id: String(change.price), object: "price" };
        else if (!existing && change.price) {
          sub.items.data.push(item(String(change.price), 1, sub.items.data[0]?.current_period_start ?? 0));
        }
      }
      return [200, sub];
    }
    if (resource === "subscription_items") {
      if (method === "POST" && !id) {
        const sub = subscriptions.get(String(params.subscription));
        if (!sub) return missing;
        if (sub.items.data.some((i) => i.price.id === params.price)) {
          return [400, { error: { type: "invalid_request_error", message: "Price already on the subscription" } }];
        }
        const added = item(
          String(params.price),
          Number(params.quantity ?? 1),
          sub.items.data[0]?.current_period_start ?? 0,
        );
        sub.items.data.push(added);
        return [200, added];
      }
      const hit = id ? findItem(id) : null;
      if (!hit) return missing;
      if (method === "DELETE") {
        hit.sub.items.data = hit.sub.items.data.filter((i) => i.id !== id);
        return [200, { id, object: "subscription_item", deleted: true }];
      }
      if (method === "POST" && params.quantity !== undefined) hit.found.quantity = Number(params.quantity);
      return [200, hit.found];
    }
    return missing;
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    requests.push(`${method} ${url.pathname}`);
    const params = parseForm(method === "GET" ? url.search.slice(1) : await readBody(req));
    // Like Stripe: a POST repeating an Idempotency-Key gets the first answer again, and changes nothing.
    const key = method === "POST" ? req.headers["idempotency-key"] : undefined;
    const replay = typeof key === "string" ? answered.get(key) : undefined;
    const [status, body] = replay ?? handle(method, url.pathname, params, url.searchParams);
    if (typeof key === "string" && !replay) answered.set(key, [status, body]);
    res.writeHead(status, {
      "content-type": "application/json",
      "request-id": ids("req"),
      ...(replay ? { "idempotent-replayed": "true" } : {}),
    });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    customers,
    subscriptions,
    requests,
    renew(subscriptionId) {
      const sub = subscriptions.get(subscriptionId);
      if (!sub) throw new Error(`no subscription ${subscriptionId}`);
      for (const i of sub.items.data) {
        i.current_period_start = i.current_period_end;
        i.current_period_end += MONTH;
      }
      return sub;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
