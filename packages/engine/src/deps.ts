import type { Clock } from "@outbound/api/clock";
import type { SecretStore } from "@outbound/api/services/secrets/secret-store";
import type { Database } from "@outbound/db";
import type { MailTransport } from "./transport.js";

/** What the engine runs on; the server builds one from its settings, tests from their peers. */
export interface EngineDeps {
  db: Database;
  secrets: SecretStore;
  clock: Clock;
  transport: MailTransport;
  /** Key of the signed tokens in unsubscribe and tracking links. */
  tokenKey: Buffer;
  /** Public base URL of the server (`https://…`), for links in messages. */
  publicUrl: string;
  /** Warnings worth an operator's attention; never message bodies, addresses or secrets. */
  log?: (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;
}
