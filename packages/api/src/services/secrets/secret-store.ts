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

/**
 * Removes secrets whose owner is gone or never came to be, best effort: a failure here must not
 * turn the operation that made them unneeded into an error (the row is already deleted, or the
 * original error matters more). A secret left behind sits at a path with a random id that no row
 * names or will name again, so nothing can read it through Outbound.
 */
export async function forgetSecrets(secrets: SecretStore, paths: string[]): Promise<void> {
  await Promise.allSettled(paths.map((path) => secrets.delete(path)));
}
