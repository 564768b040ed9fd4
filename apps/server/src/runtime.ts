import { parseSecretKey } from "@outbound/api";
import { deriveTokenKey } from "@outbound/api/services/outreach/message-tokens";
import { createDatabase, type DatabaseHandle } from "@outbound/db";
import type { Env } from "./env.js";
import { type SecretStoreChoice, StartupError } from "./secret-key.js";

/** The key of unsubscribe and tracking tokens: TOKEN_SECRET, else derived from the secret store's key. */
export function tokenKeyFor(env: Pick<Env, "TOKEN_SECRET">, choice: SecretStoreChoice): Buffer {
  if (env.TOKEN_SECRET) return deriveTokenKey(env.TOKEN_SECRET);
  if (choice.kind === "database") return deriveTokenKey(parseSecretKey(choice.key));
  throw new StartupError(
    "With Vault the server needs TOKEN_SECRET (32 characters or more) to sign the unsubscribe links of sent mail",
  );
}

/** Where links in sent mail point: PUBLIC_URL, or this server's own address. */
export const publicUrlFor = (env: Pick<Env, "PUBLIC_URL" | "HOST" | "PORT">): string =>
  env.PUBLIC_URL ?? `http://${env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST}:${env.PORT}`;

export function openDatabase(env: Pick<Env, "DATABASE_URL" | "DATA_DIR">): Promise<DatabaseHandle> {
  return createDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
}
