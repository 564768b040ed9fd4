import { Resolver } from "node:dns/promises";
import { DNS_TYPES, parseDnsServer, queryTtl } from "./ttl.js";

/** What one lookup learned: answers, a definite "nothing there", or no answer at all. */
export type LookupOutcome =
  | { kind: "answer"; values: string[]; ttl: number | null }
  | { kind: "none" }
  | { kind: "unreachable"; code: string };

export interface DnsLookup {
  /** TXT strings at `host`, each record's character-strings joined. */
  txt(host: string): Promise<LookupOutcome>;
  /** MX records at `host` as `"<priority> <exchange>"`, exchange lower-case without the root dot. */
  mx(host: string): Promise<LookupOutcome>;
}

/** Per try; c-ares backs off between tries, so a silent server costs about three times this. */
const TIMEOUT_MS = 2000;
const TRIES = 2;

/** NXDOMAIN and NODATA: the server answered, and there is no such record. */
const ABSENT = new Set(["ENOTFOUND", "ENODATA"]);

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "EUNKNOWN";
}

/**
 * Lookups through the `servers` given (`host` or `host:port`, what `DNS_SERVERS` configures),
 * or the system's resolvers when null.
 */
export function createDnsLookup(servers: string[] | null): DnsLookup {
  const resolver = new Resolver({ timeout: TIMEOUT_MS, tries: TRIES });
  if (servers && servers.length > 0) resolver.setServers(servers);
  const first = resolver.getServers()[0];
  const ttlServer = first ? parseDnsServer(first) : null;

  const lookup = async (host: string, type: number, read: () => Promise<string[]>): Promise<LookupOutcome> => {
    try {
      const values = await read();
      if (values.length === 0) return { kind: "none" };
      const ttl = ttlServer ? await queryTtl(ttlServer, host, type, TIMEOUT_MS) : null;
      return { kind: "answer", values, ttl };
    } catch (error) {
      const code = errorCode(error);
      return ABSENT.has(code) ? { kind: "none" } : { kind: "unreachable", code };
    }
  };

  return {
    txt: (host) =>
      lookup(host, DNS_TYPES.TXT, async () => (await resolver.resolveTxt(host)).map((chunks) => chunks.join(""))),
    mx: (host) =>
      lookup(host, DNS_TYPES.MX, async () =>
        (await resolver.resolveMx(host)).map((mx) => `${mx.priority} ${mx.exchange.toLowerCase().replace(/\.$/, "")}`),
      ),
  };
}

/** Why a lookup got no answer, as the end of "the DNS server …". */
export function describeUnreachable(code: string): string {
  switch (code) {
    case "ETIMEOUT":
      return "did not answer in time";
    case "ECONNREFUSED":
      return "refused the connection";
    case "ESERVFAIL":
      return "reported a server failure";
    case "EREFUSED":
      return "refused to answer";
    default:
      return `could not be queried (${code})`;
  }
}
