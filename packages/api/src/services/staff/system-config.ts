import type { Database } from "@outbound/db";
import {
  deleteSystemConfig,
  getSystemConfig,
  listSystemConfig,
  upsertSystemConfig,
} from "@outbound/db/queries/system-config";
import { normalizeHostName } from "../../domain/host-name.js";
import { badRequest, notFound } from "../../errors.js";
import { DNS_SETTING_KEYS } from "../dns/records.js";

/** Who is asking: only holders of `config:secrets` see the values of sensitive keys. */
export interface ConfigReader {
  permissions: readonly string[];
}

type Setting = NonNullable<Awaited<ReturnType<typeof getSystemConfig>>>;

export const SECRETS_PERMISSION = "config:secrets";

/** A sensitive value is replaced by null and flagged, so a client can tell "hidden" from "absent". */
export function redactSetting(setting: Setting, reader: ConfigReader) {
  const hidden = setting.isSensitive && !reader.permissions.includes(SECRETS_PERMISSION);
  return { ...setting, value: hidden ? null : setting.value, redacted: hidden };
}

/** Keys the platform itself reads, with the shape their reader accepts; a bad value would be ignored silently. */
const HOST_NAME_KEYS = new Set<string>(Object.values(DNS_SETTING_KEYS));

function checkKnownKey(key: string, value: unknown): void {
  if (!HOST_NAME_KEYS.has(key)) return;
  const normalized = typeof value === "string" ? normalizeHostName(value) : { error: "must be a host name string" };
  if ("error" in normalized) throw badRequest(`${key} must be a host name`, { value: [normalized.error] });
}

export async function listSettings(
  db: Database,
  reader: ConfigReader,
  args: { category?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const page = await listSystemConfig(db, args);
  return { items: page.items.map((s) => redactSetting(s, reader)), nextCursor: page.nextCursor };
}

export async function getSetting(db: Database, reader: ConfigReader, key: string) {
  const setting = await getSystemConfig(db, key);
  if (!setting) throw notFound("Setting");
  return redactSetting(setting, reader);
}

/**
 * Upserts a setting. `value` is always replaced, so a writer without `config:secrets` can
 * rotate a secret or un-mark a key but never read the old sensitive value.
 */
export async function setSetting(
  db: Database,
  reader: ConfigReader & { userId: string },
  args: {
    key: string;
    value: unknown;
    description?: string | null | undefined;
    category?: string | null | undefined;
    isSensitive?: boolean | undefined;
  },
) {
  checkKnownKey(args.key, args.value);
  const [first, ...rest] = args.key.split(".");
  const setting = await upsertSystemConfig(db, {
    ...args,
    defaultCategory: rest.length > 0 && first ? first.slice(0, 50) : null,
    updatedBy: reader.userId,
  });
  return redactSetting(setting, reader);
}

export async function deleteSetting(db: Database, key: string): Promise<{ key: string }> {
  if (!(await deleteSystemConfig(db, key))) throw notFound("Setting");
  return { key };
}
