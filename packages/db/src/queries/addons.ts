// Subscription add-ons: what raises a plan limit, per subscription.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import { subscriptionAddons } from "../schema/index.js";

export const addonColumns = {
  id: subscriptionAddons.id,
  subscriptionId: subscriptionAddons.subscriptionId,
  addonType: subscriptionAddons.addonType,
  quantity: subscriptionAddons.quantity,
  priceMonthly: subscriptionAddons.priceMonthly,
  isActive: subscriptionAddons.isActive,
  created: subscriptionAddons.created,
  updated: subscriptionAddons.updated,
};

/** The subscription's active add-ons (of one type when given). */
const activeAddonsOf = (args: { tenantId: string; subscriptionId: string; addonType?: string }) =>
  and(
    eq(subscriptionAddons.tenantId, args.tenantId),
    eq(subscriptionAddons.subscriptionId, args.subscriptionId),
    args.addonType === undefined ? undefined : eq(subscriptionAddons.addonType, args.addonType),
    eq(subscriptionAddons.isActive, true),
  );

export async function listActiveAddons(db: Database, args: { tenantId: string; subscriptionId: string }) {
  return db
    .select(addonColumns)
    .from(subscriptionAddons)
    .where(activeAddonsOf(args))
    .orderBy(subscriptionAddons.created);
}

export async function insertAddon(db: Database, row: Omit<typeof subscriptionAddons.$inferInsert, "id">) {
  const [created] = await db.insert(subscriptionAddons).values(row).returning(addonColumns);
  if (!created) throw new Error("add-on insert returned nothing");
  return created;
}

/** Deactivates one active add-on of the tenant; null when there is none with that id. */
export async function deactivateAddon(db: Database, args: { tenantId: string; id: string }) {
  const [row] = await db
    .update(subscriptionAddons)
    .set({ isActive: false })
    .where(
      and(
        eq(subscriptionAddons.tenantId, args.tenantId),
        eq(subscriptionAddons.id, args.id),
        eq(subscriptionAddons.isActive, true),
      ),
    )
    .returning(addonColumns);
  return row ?? null;
}

export async function getActiveAddon(db: Database, args: { tenantId: string; id: string }) {
  const rows = await db
    .select({ ...addonColumns, stripePriceId: subscriptionAddons.stripePriceId })
    .from(subscriptionAddons)
    .where(
      and(
        eq(subscriptionAddons.tenantId, args.tenantId),
        eq(subscriptionAddons.id, args.id),
        eq(subscriptionAddons.isActive, true),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function sumAddonQuantity(
  db: Database,
  args: { tenantId: string; subscriptionId: string; addonType: string },
) {
  const [row] = await db
    .select({ total: sql<string | null>`sum(${subscriptionAddons.quantity})` })
    .from(subscriptionAddons)
    .where(activeAddonsOf(args));
  return Number(row?.total ?? 0);
}

/** Total quantity of the subscription's active add-ons, by add-on type. */
export async function sumActiveAddons(
  db: Database,
  args: { tenantId: string; subscriptionId: string },
): Promise<Record<string, number>> {
  const rows = await db
    .select({ addonType: subscriptionAddons.addonType, quantity: sql<string>`sum(${subscriptionAddons.quantity})` })
    .from(subscriptionAddons)
    .where(activeAddonsOf(args))
    .groupBy(subscriptionAddons.addonType);
  return Object.fromEntries(rows.map((r) => [r.addonType, Number(r.quantity)]));
}
