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

export async function listActiveAddons(db: Database, args: { tenantId: string; subscriptionId: string }) {
  return db
    .select(addonColumns)
    .from(subscriptionAddons)
    .where(
      and(
        eq(subscriptionAddons.tenantId, args.tenantId),
        eq(subscriptionAddons.subscriptionId, args.subscriptionId),
        eq(subscriptionAddons.isActive, true),
      ),
    )
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
    .where(
      and(
        eq(subscriptionAddons.tenantId, args.tenantId),
        eq(subscriptionAddons.subscriptionId, args.subscriptionId),
        eq(subscriptionAddons.addonType, args.addonType),
        eq(subscriptionAddons.isActive, true),
      ),
    );
  return Number(row?.total ?? 0);
}
