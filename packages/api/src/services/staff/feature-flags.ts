import { createHash } from "node:crypto";
import type { Database } from "@outbound/db";
import { flagRules, getFeatureFlag, updateFeatureFlag } from "@outbound/db/queries/feature-flags";
import { notFound } from "../../errors.js";
import { updatedOrExplain } from "../platform/updates.js";

export interface FlagRule {
  key: string;
  isEnabled: boolean;
  rolloutPercentage: number;
}

/**
 * The tenant's bucket 0..99 for a flag: the first 4 bytes of SHA-256(`key:tenantId`) as an
 * unsigned integer, mod 100. Stable per (flag, tenant), independent across flags, and since a
 * tenant is in when bucket < percentage, raising the percentage only ever adds tenants.
 */
export function rolloutBucket(flagKey: string, tenantId: string): number {
  return createHash("sha256").update(`${flagKey}:${tenantId}`).digest().readUInt32BE(0) % 100;
}

export function isFlagEnabled(flag: FlagRule, tenantId: string): boolean {
  return flag.isEnabled && rolloutBucket(flag.key, tenantId) < flag.rolloutPercentage;
}

/** Every asked key gets an answer: unknown keys are off, so clients can ship checks before the flag exists. */
export function evaluateFlags(
  flags: readonly FlagRule[],
  tenantId: string,
  keys?: readonly string[],
): Record<string, boolean> {
  const result: Record<string, boolean> = {};
  for (const key of keys ?? []) result[key] = false;
  for (const flag of flags) {
    if (keys && !keys.includes(flag.key)) continue;
    result[flag.key] = isFlagEnabled(flag, tenantId);
  }
  return result;
}

/** Changes a flag's state; the key stays, because changing it would reshuffle every tenant's bucket. */
export async function updateFlag(
  db: Database,
  args: {
    id: string;
    description?: string | null | undefined;
    isEnabled?: boolean | undefined;
    rolloutPercentage?: number | undefined;
    expectedUpdated?: Date | undefined;
    updatedBy: string;
  },
) {
  const { id, expectedUpdated, updatedBy, ...fields } = args;
  const patch = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const row = await updateFeatureFlag(db, { id, expectedUpdated, patch, updatedBy });
  return updatedOrExplain(row, {
    what: "Feature flag",
    exists: async () => (await getFeatureFlag(db, { id })) !== null,
  });
}

export async function getFlag(db: Database, id: string) {
  const flag = await getFeatureFlag(db, { id });
  if (!flag) throw notFound("Feature flag");
  return flag;
}

export async function evaluateForTenant(db: Database, tenantId: string, keys?: readonly string[]) {
  return evaluateFlags(await flagRules(db, keys), tenantId, keys);
}
