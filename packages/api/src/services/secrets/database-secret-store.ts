import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Database } from "@outbound/db";
import { deleteSecretCiphertext, readSecretCiphertext, writeSecretCiphertext } from "@outbound/db/queries/secrets";
import { assertSecretPath } from "./secret-path.js";
import type { SecretStore } from "./secret-store.js";

const FORMAT = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * Reads a 32-byte key written as 64 hex digits or as base64 (standard or URL-safe). Throws a
 * message naming what was wrong, never the key.
 */
export function parseSecretKey(text: string): Buffer {
  const value = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, "hex");
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) key = Buffer.from(value, "base64");
  if (!key || key.length !== KEY_BYTES) {
    throw new Error(
      `The secret key must be ${KEY_BYTES} random bytes written as 64 hex digits or as base64 (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

/** A fresh random key in the base64 form `parseSecretKey` reads. */
export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

/**
 * `v1:<iv>:<tag>:<ciphertext>` (base64url parts). The path is the associated data, so a
 * ciphertext copied to another path fails its tag check instead of decrypting there.
 */
export function encryptSecret(key: Buffer, path: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(path, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [FORMAT, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(":");
}

export function decryptSecret(key: Buffer, path: string, encoded: string): string {
  const [format, iv, tag, ciphertext, ...rest] = encoded.split(":");
  if (format !== FORMAT || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) {
    throw new Error(`The secret at ${path} is not in a format this server reads (expected ${FORMAT})`);
  }
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new Error(`The secret at ${path} is malformed`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(path, "utf8"));
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    throw new Error(
      `The secret at ${path} failed its integrity check: the server's SECRET_KEY is not the one it was written with, or the stored value was altered`,
      { cause: error },
    );
  }
}

/**
 * The embedded store: AES-256-GCM ciphertexts in the `secrets` table, the key held only in
 * memory. It uses the database it was built with, never a caller's transaction, so callers
 * must not hold a transaction open on a single-connection database (PGlite) while using it.
 */
export class DatabaseSecretStore implements SecretStore {
  readonly #key: Buffer;

  constructor(
    private readonly db: Database,
    key: Buffer | string,
  ) {
    this.#key = typeof key === "string" ? parseSecretKey(key) : Buffer.from(key);
    if (this.#key.length !== KEY_BYTES) throw new Error(`The secret key must be ${KEY_BYTES} bytes`);
  }

  async put(path: string, value: string): Promise<void> {
    assertSecretPath(path);
    await writeSecretCiphertext(this.db, { path, ciphertext: encryptSecret(this.#key, path, value) });
  }

  async get(path: string): Promise<string | null> {
    assertSecretPath(path);
    const stored = await readSecretCiphertext(this.db, path);
    return stored === null ? null : decryptSecret(this.#key, path, stored);
  }

  async delete(path: string): Promise<void> {
    assertSecretPath(path);
    await deleteSecretCiphertext(this.db, path);
  }
}
