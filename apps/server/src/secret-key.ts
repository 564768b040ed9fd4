import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  DatabaseSecretStore,
  generateSecretKey,
  parseSecretKey,
  type SecretStore,
  VaultSecretStore,
} from "@outbound/api";
import type { Database } from "@outbound/db";
import type { Env } from "./env.js";

/** A configuration the server must not start with; `main` prints the message and exits. */
export class StartupError extends Error {}

export type SecretStoreChoice =
  | { kind: "vault"; address: string; token: string; mount: string }
  | {
      kind: "database";
      key: string;
      /** Where the key came from: SECRET_KEY, the data dir's key file (`created` on first start), or memory only. */
      source: "env" | "file" | "created" | "memory";
      keyFile?: string;
    };

export const KEY_FILE_NAME = "secret-key";

/**
 * The embedded demo's key, kept in `<dataDir>/secret-key` (mode 0600): read when present,
 * generated on first start. A file that exists but holds no valid key is an error, never
 * replaced, since every secret written with it would become unreadable.
 */
export function loadOrCreateKeyFile(dataDir: string): { key: string; keyFile: string; created: boolean } {
  const keyFile = join(dataDir, KEY_FILE_NAME);
  mkdirSync(dataDir, { recursive: true });
  const key = generateSecretKey();
  try {
    // `wx` fails when the file exists, so two first starts can't write different keys.
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: "wx" });
    return { key, keyFile, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const stored = readFileSync(keyFile, "utf8").trim();
  try {
    parseSecretKey(stored);
  } catch {
    throw new StartupError(
      `${keyFile} does not hold a valid secret key. Restore it from a backup (the stored secrets can't be read without it), or set SECRET_KEY`,
    );
  }
  // Readable by others it would be no secret; tighten it rather than refuse to start.
  if ((statSync(keyFile).mode & 0o077) !== 0) chmodSync(keyFile, 0o600);
  return { key: stored, keyFile, created: false };
}

type SecretEnv = Pick<
  Env,
  "SECRET_KEY" | "VAULT_ADDR" | "VAULT_TOKEN" | "VAULT_KV_MOUNT" | "DATABASE_URL" | "DATA_DIR"
>;

/**
 * Vault when `VAULT_ADDR` is set; otherwise the database store with `SECRET_KEY`; on the
 * embedded database without one, a key generated into the data dir. PostgreSQL without
 * either is refused: a key stored beside the data would protect nothing.
 */
export function chooseSecretStore(env: SecretEnv): SecretStoreChoice {
  if (env.VAULT_ADDR) {
    if (!env.VAULT_TOKEN) throw new StartupError("VAULT_ADDR is set but VAULT_TOKEN is not");
    return { kind: "vault", address: env.VAULT_ADDR, token: env.VAULT_TOKEN, mount: env.VAULT_KV_MOUNT };
  }
  if (env.SECRET_KEY) return { kind: "database", key: env.SECRET_KEY, source: "env" };
  if (env.DATABASE_URL) {
    throw new StartupError(
      "On PostgreSQL (DATABASE_URL) the server needs somewhere safe for mailbox passwords and DKIM keys: " +
        "set SECRET_KEY to 32 random bytes (`openssl rand -base64 32`; keep it apart from database backups), " +
        "or set VAULT_ADDR and VAULT_TOKEN to keep them in HashiCorp Vault",
    );
  }
  if (env.DATA_DIR === "memory") return { kind: "database", key: generateSecretKey(), source: "memory" };
  const { key, keyFile, created } = loadOrCreateKeyFile(env.DATA_DIR);
  return { kind: "database", key, source: created ? "created" : "file", keyFile };
}

export function openSecretStore(choice: SecretStoreChoice, db: Database): SecretStore {
  return choice.kind === "vault"
    ? new VaultSecretStore({ address: choice.address, token: choice.token, mount: choice.mount })
    : new DatabaseSecretStore(db, choice.key);
}

/** What to log about the choice: never the key or the token. */
export function describeSecretStore(choice: SecretStoreChoice): Record<string, string> {
  return choice.kind === "vault"
    ? { secrets: "vault", vault: choice.address, mount: choice.mount }
    : { secrets: "database", keySource: choice.source, ...(choice.keyFile ? { keyFile: choice.keyFile } : {}) };
}
