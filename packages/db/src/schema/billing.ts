import { sql } from "drizzle-orm";
import {
  boolean,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { idColumn, money, newId, tenantIdColumn, timestamps, tz } from "./columns.js";
import { tenants, users } from "./identity.js";

export const plans = pgTable(
  "plans",
  {
    id: idColumn().primaryKey(),
    name: varchar({ length: 100 }).notNull(),
    slug: varchar({ length: 100 }).notNull(),
    description: text(),
    maxUsers: integer().notNull(),
    maxDomains: integer().notNull(),
    maxCampaignsPerMonth: integer().notNull(),
    apiRateLimit: integer().notNull(),
    maxEmailAccounts: integer().notNull(),
    maxEmailsPerMonth: integer().notNull(),
    maxWarmups: integer().notNull(),
    maxContacts: integer().notNull(),
    maxStorageGb: integer().notNull(),
    apiAccess: boolean().notNull().default(false),
    prioritySupport: boolean().notNull().default(false),
    advancedAnalytics: boolean().notNull().default(false),
    whiteLabel: boolean().notNull().default(false),
    /** Integer cents. */
    priceMonthly: integer().notNull(),
    /** Integer cents. */
    priceYearly: integer().notNull(),
    notes: text(),
    isActive: boolean().notNull().default(true),
    stripePriceMonthlyId: varchar({ length: 255 }),
    stripePriceYearlyId: varchar({ length: 255 }),
    ...timestamps,
  },
  (t) => [uniqueIndex("plans_slug_uq").on(t.slug)],
);

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    planId: uuid()
      .notNull()
      .references(() => plans.id),
    pendingPlanId: uuid().references(() => plans.id),
    status: varchar({ length: 50 }).notNull().default("active"),
    billingInterval: varchar({ length: 10 }).notNull().default("month"),
    currentPeriodStart: tz(),
    currentPeriodEnd: tz(),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    billingContactUserId: uuid().references(() => users.id),
    stripeSubscriptionId: varchar({ length: 255 }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("subscriptions_plan_idx").on(t.planId),
    index("subscriptions_pending_plan_idx").on(t.pendingPlanId),
    index("subscriptions_billing_contact_idx").on(t.billingContactUserId),
    uniqueIndex("subscriptions_stripe_id_uq").on(t.stripeSubscriptionId),
    uniqueIndex("subscriptions_one_current_per_tenant_uq")
      .on(t.tenantId)
      .where(sql`${t.status} not in ('canceled', 'incomplete_expired')`),
  ],
);

export const subscriptionAddons = pgTable(
  "subscription_addons",
  {
    id: varchar({ length: 255 })
      .notNull()
      .$defaultFn(() => newId()),
    tenantId: tenantIdColumn().references(() => tenants.id),
    subscriptionId: uuid().notNull(),
    addonType: varchar({ length: 50 }).notNull(),
    quantity: integer().notNull().default(1),
    priceMonthly: money().notNull(),
    stripePriceId: varchar({ length: 255 }),
    isActive: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.subscriptionId],
      foreignColumns: [subscriptions.tenantId, subscriptions.id],
    }),
    index("subscription_addons_subscription_idx").on(t.tenantId, t.subscriptionId),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: idColumn(),
    tenantId: tenantIdColumn().references(() => tenants.id),
    subscriptionId: uuid().notNull(),
    initiatedByUserId: uuid().references(() => users.id),
    amount: money().notNull(),
    currency: varchar({ length: 3 }).notNull().default("usd"),
    status: varchar({ length: 20 }).notNull(),
    processed: tz(),
    description: text(),
    stripePaymentIntentId: varchar({ length: 255 }),
    billingPeriodStart: tz(),
    billingPeriodEnd: tz(),
    created: timestamps.created,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.subscriptionId],
      foreignColumns: [subscriptions.tenantId, subscriptions.id],
    }),
    index("payments_subscription_idx").on(t.tenantId, t.subscriptionId),
    index("payments_initiated_by_idx").on(t.initiatedByUserId),
    uniqueIndex("payments_stripe_intent_uq").on(t.stripePaymentIntentId),
  ],
);
