import { Resolver } from "node:dns";
import { parseSecretKey } from "@outbound/api";
import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0"])
  .transform((v) => v === "true" || v === "1")
  .optional();

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** PostgreSQL connection string; without it the embedded PGlite at DATA_DIR is used. */
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default(".data/pglite"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Largest request body accepted, in bytes; a 10 000-row lead import fits well within the default. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  /** Seed the demo tenant when the database has no tenant yet (default: on for the embedded database only). */
  SEED_DEMO: booleanFlag,
  /**
   * Pause between runs of the periodic jobs (launching scheduled campaigns, renewing local-billing
   * subscriptions); 0 turns them off in this process.
   */
  JOBS_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long shutdown waits for requests in flight before closing the database. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * Key of the embedded secret store (mailbox passwords, DKIM keys): 32 random bytes as 64 hex
   * digits or base64. Required on PostgreSQL unless Vault is used; the embedded demo generates
   * one into `<DATA_DIR>/secret-key` when absent.
   */
  SECRET_KEY: z
    .string()
    .refine(
      (value) => isSecretKey(value),
      "must be 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32)",
    )
    .optional(),
  /** HashiCorp Vault address; when set, secrets live in its KV v2 engine instead of the database. */
  VAULT_ADDR: z.url().optional(),
  VAULT_TOKEN: z.string().min(1).optional(),
  /** Mount path of Vault's KV version 2 engine. */
  VAULT_KV_MOUNT: z
    .string()
    .regex(/^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/, "must be a mount path such as secret or kv/outbound")
    .default("secret"),
  /** DNS servers for domain verification: comma-separated `ip`, `ip:port` or `[ipv6]:port`; the system's when unset. */
  DNS_SERVERS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ?.split(",")
        .map((server) => server.trim())
        .filter((server) => server.length > 0),
    )
    .refine(
      (servers) => !servers || areDnsServers(servers),
      "must be comma-separated IP addresses, optionally with :port",
    ),
  /**
   * Let mailbox connection tests reach SMTP servers on loopback, private or link-local addresses.
   * Default: off in production (tenants must not probe the server's network), on otherwise.
   */
  MAIL_ALLOW_NON_PUBLIC_HOSTS: booleanFlag,
  /** Outbound's own mail (invitations), e.g. `smtp://user:pass@smtp.example.com:587`; unset, invitation links are only returned. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, "must be an smtp:// or smtps:// URL")
    .optional(),
  /** Sender of that mail. */
  MAIL_FROM: z.string().min(3).default("Outbound <outbound@localhost>"),
  /** Behind a reverse proxy: read the client's address (for sign-in throttling) from the X-Forwarded-For it appends. */
  TRUST_PROXY: booleanFlag,
  /** Redis for rate-limit budgets shared by several server processes; in process memory when unset. */
  REDIS_URL: z.url().optional(),
  /** Pause between runs of the webhook dispatcher (due deliveries are sent); 0 turns it off in this process. */
  WEBHOOKS_INTERVAL_MS: z.coerce.number().int().min(0).default(2_000),
  /** Run the sending engine in this process (the server's default); `pnpm --filter @outbound/server worker` runs it alone. */
  ENGINE_ENABLED: booleanFlag,
  /** The server's public base URL, for the unsubscribe and tracking links in sent mail; `http://HOST:PORT` when unset. */
  PUBLIC_URL: z.url().optional(),
  /**
   * Secret of the signed tokens in those links (at least 32 characters). Derived from SECRET_KEY
   * when unset; required with Vault. Changing it invalidates the links of mail already sent.
   */
  TOKEN_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Stripe secret key; when set, billing runs on Stripe instead of the local provider. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  /** Signing secret of the `/webhooks/stripe` endpoint (`whsec_...`). */
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Another Stripe API base (stripe-mock, tests), e.g. `http://127.0.0.1:12111`. */
  STRIPE_API_BASE: z.url().optional(),
  /** Stripe price ids of the add-ons: `users=price_1,domains=price_2`. */
  STRIPE_ADDON_PRICES: z
    .string()
    .optional()
    .transform((value) =>
      Object.fromEntries(
        (value ?? "")
          .split(",")
          .map((pair) => pair.split("=").map((part) => part.trim()))
          .filter((pair): pair is [string, string] => pair.length === 2 && Boolean(pair[0]) && Boolean(pair[1])),
      ),
    ),
});

/** Checked at start: a malformed server would otherwise fail the first domain verification. */
function areDnsServers(servers: string[]): boolean {
  try {
    new Resolver().setServers(servers);
    return true;
  } catch {
    return false;
  }
}

function isSecretKey(value: string): boolean {
  try {
    parseSecretKey(value);
    return true;
  } catch {
    return false;
  }
}

const checkedEnvSchema = envSchema.superRefine((env, ctx) => {
  if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["STRIPE_WEBHOOK_SECRET"],
      message: "is required when STRIPE_SECRET_KEY is set",
    });
  }
  if (env.VAULT_ADDR && !env.VAULT_TOKEN) {
    ctx.addIssue({ code: "custom", path: ["VAULT_TOKEN"], message: "is required when VAULT_ADDR is set" });
  }
});

export type Env = z.infer<typeof checkedEnvSchema>;

/** The only reader of `process.env` in the server: validated once, at start. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = checkedEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}
