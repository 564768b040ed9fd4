/**
 * Where secrets live (SMTP/IMAP passwords, DKIM private keys). Rows of the database only
 * hold a path into the store (`vault_key_path`), never the secret itself.
 */
export interface SecretStore {
  /** Writes (or replaces) the secret at `path`. */
  put(path: string, value: string): Promise<void>;
  /** The secret at `path`, or null when there is none. */
  get(path: string): Promise<string | null>;
  /** Removes the secret; removing a missing one is not an error. */
  delete(path: string): Promise<void>;
}
