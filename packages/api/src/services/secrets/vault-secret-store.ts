import { assertSecretPath } from "./secret-path.js";
import type { SecretStore } from "./secret-store.js";

export interface VaultOptions {
  /** `VAULT_ADDR`, e.g. `https://vault.internal:8200`. */
  address: string;
  /** `VAULT_TOKEN`; sent as `X-Vault-Token`, never logged or put in an error. */
  token: string;
  /** Mount of the KV version 2 engine (default `secret`). */
  mount?: string | undefined;
  /** Per-request limit; a stuck Vault fails the call instead of hanging it (default 5 s). */
  timeoutMs?: number | undefined;
}

interface KvReadResponse {
  data?: { data?: { value?: unknown } | null } | null;
}

/** HashiCorp Vault, KV secrets engine version 2, over its HTTP API. */
export class VaultSecretStore implements SecretStore {
  readonly #token: string;
  private readonly base: string;
  private readonly mount: string;
  private readonly timeoutMs: number;

  constructor(options: VaultOptions) {
    this.base = options.address.replace(/\/+$/, "");
    this.mount = (options.mount ?? "secret").replace(/^\/+|\/+$/g, "");
    this.#token = options.token;
    this.timeoutMs = options.timeoutMs ?? 5000;
    if (!this.mount) throw new Error("The Vault KV mount must not be empty");
    if (!this.#token) throw new Error("A Vault token is required");
  }

  async put(path: string, value: string): Promise<void> {
    const response = await this.request("POST", "data", path, { data: { value } });
    await this.expectOk(response, "write", path);
  }

  async get(path: string): Promise<string | null> {
    const response = await this.request("GET", "data", path);
    // KV v2 answers 404 both for a path never written and for one whose latest version was deleted.
    if (response.status === 404) return null;
    await this.expectOk(response, "read", path);
    const body = (await response.json()) as KvReadResponse;
    const stored = body.data?.data?.value;
    if (typeof stored !== "string") {
      throw new Error(`Vault returned the secret at ${path} without a string "value" field`);
    }
    return stored;
  }

  /** Deletes the metadata, which removes every version, so no old password can be recovered from Vault. */
  async delete(path: string): Promise<void> {
    const response = await this.request("DELETE", "metadata", path);
    if (response.status === 404) return;
    await this.expectOk(response, "delete", path);
  }

  private async request(method: string, kind: "data" | "metadata", path: string, body?: unknown): Promise<Response> {
    assertSecretPath(path);
    const url = `${this.base}/v1/${this.mount}/${kind}/${path}`;
    try {
      return await fetch(url, {
        method,
        headers: {
          "X-Vault-Token": this.#token,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === "TimeoutError"
          ? `no answer within ${this.timeoutMs} ms`
          : error instanceof Error
            ? error.cause instanceof Error
              ? error.cause.message
              : error.message
            : String(error);
      throw new Error(`Vault at ${this.base} is unreachable: ${reason}`, { cause: error });
    }
  }

  private async expectOk(response: Response, action: string, path: string): Promise<void> {
    if (response.ok) {
      if (response.body && response.status === 204) await response.body.cancel();
      return;
    }
    const detail = await vaultErrors(response);
    if (response.status === 403) {
      throw new Error(
        `Vault refused to ${action} the secret at ${path} (403 permission denied): check that VAULT_TOKEN is valid and its policy allows ${this.mount}/data/* and ${this.mount}/metadata/*${detail}`,
      );
    }
    if (response.status === 503) {
      throw new Error(
        `Vault at ${this.base} is sealed or in standby (503) and could not ${action} the secret at ${path}${detail}`,
      );
    }
    throw new Error(`Vault could not ${action} the secret at ${path}: HTTP ${response.status}${detail}`);
  }
}

/** Vault's `{ errors: [...] }`, as a suffix for an error message; empty when the body has none. */
async function vaultErrors(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: unknown };
    const errors = Array.isArray(body.errors) ? body.errors.filter((e) => typeof e === "string") : [];
    return errors.length > 0 ? ` (${errors.join("; ")})` : "";
  } catch {
    return "";
  }
}
