import { listPayments } from "@outbound/db/queries/payments";
import { getPlanById, listActivePlans } from "@outbound/db/queries/plans";
import { getCurrentSubscription } from "@outbound/db/queries/subscriptions";
import type { TRPCRouterRecord } from "@trpc/server";
import type { Clock } from "../clock.js";
import { rest } from "../rest.js";
import {
  addAddonInput,
  changePlanInput,
  listPaymentsInput,
  removeAddonInput,
  setBillingContactInput,
  subscribeInput,
  usageOutput,
} from "../schemas/billing.js";
import { addAddon, listAddons, removeAddon } from "../services/billing/addons.js";
import { moneyToCents } from "../services/billing/money.js";
import {
  type BillingActor,
  changePlan,
  setBillingContact,
  setCancelAtPeriodEnd,
  subscribe,
} from "../services/billing/subscriptions.js";
import { tenantUsage } from "../services/billing/usage.js";
import { idempotent, publicProcedure, tenantProcedure } from "../trpc.js";

/** Billing needs the owner or billing role (CONTRACT.md, Access); only the plan catalogue is public. */
const billing = tenantProcedure("billing");

const actor = (ctx: {
  db: BillingActor["db"];
  deps: { billing: BillingActor["provider"]; clock: Clock };
  tenant: { id: string };
  principal: { userId: string | null };
}): BillingActor => ({
  db: ctx.db,
  provider: ctx.deps.billing,
  tenantId: ctx.tenant.id,
  userId: ctx.principal.userId,
  now: ctx.deps.clock.now(),
});

const addonsRouter = {
  list: billing.query(({ ctx }) => listAddons(actor(ctx))),
  /** Raises the add-on type's limit by `quantity` units, mirrored to the provider's subscription item. */
  add: billing
    .input(addAddonInput)
    .use(idempotent)
    .mutation(({ ctx, input }) => addAddon({ ...actor(ctx), once: ctx.once }, input)),
  remove: billing.input(removeAddonInput).mutation(({ ctx, input }) => removeAddon(actor(ctx), input)),
} satisfies TRPCRouterRecord;

const paymentsRouter = {
  /** Newest first; `amountCents` is an integer in `currency`. */
  list: billing.input(listPaymentsInput.default({ limit: 50 })).query(async ({ ctx, input }) => {
    const page = await listPayments(ctx.db, { tenantId: ctx.tenant.id, ...input });
    return {
      nextCursor: page.nextCursor,
      items: page.items.map(({ amount, ...rest }) => ({ ...rest, amountCents: moneyToCents(amount) })),
    };
  }),
} satisfies TRPCRouterRecord;

export const billingRouter = {
  /** Active plans, cheapest first; prices in integer cents. */
  plans: publicProcedure.query(({ ctx }) => listActivePlans(ctx.db)),

  /** The current subscription with its plan (and the plan it moves to at period end), or null. */
  subscription: billing.query(async ({ ctx }) => {
    const current = await getCurrentSubscription(ctx.db, ctx.tenant.id);
    if (!current) return null;
    const [plan, pendingPlan] = await Promise.all([
      getPlanById(ctx.db, current.planId),
      current.pendingPlanId ? getPlanById(ctx.db, current.pendingPlanId) : null,
    ]);
    return {
      ...current,
      plan: plan ? { slug: plan.slug, name: plan.name } : null,
      pendingPlan: pendingPlan ? { slug: pendingPlan.slug, name: pendingPlan.name } : null,
    };
  }),

  usage: billing
    .meta(rest("GET", "/billing/usage", "billing", "Usage of every plan limit"))
    .output(usageOutput)
    .query(({ ctx }) => tenantUsage(ctx.db, { tenantId: ctx.tenant.id, now: ctx.deps.clock.now() })),

  /** CONFLICT when a subscription exists; `clientSecret` is set when the client must confirm the payment. */
  subscribe: billing
    .input(subscribeInput)
    .use(idempotent)
    .mutation(({ ctx, input }) =>
      subscribe({ ...actor(ctx), once: ctx.once }, { ...input, idempotencyKey: ctx.idempotencyKey }),
    ),

  /** Upgrades apply now; downgrades at period end, refused (CONFLICT, details.blockers) while usage exceeds them. */
  changePlan: billing.input(changePlanInput).mutation(({ ctx, input }) => changePlan(actor(ctx), input)),

  cancel: billing.mutation(({ ctx }) => setCancelAtPeriodEnd(actor(ctx), true)),
  resume: billing.mutation(({ ctx }) => setCancelAtPeriodEnd(actor(ctx), false)),

  /** The member who receives billing mail (`billing_contact_user_id`). */
  setBillingContact: billing
    .input(setBillingContactInput)
    .mutation(({ ctx, input }) => setBillingContact(actor(ctx), input)),

  addons: addonsRouter,
  payments: paymentsRouter,
} satisfies TRPCRouterRecord;
