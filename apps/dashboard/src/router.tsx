import { createRootRoute, createRoute, createRouter } from "@tanstack/react-router";
import { Empty } from "./components/feedback.js";
import { Shell } from "./components/shell.js";
import { type MessageFilters, messageFiltersFrom } from "./lib/message-filters.js";
import { ApiKeysView } from "./views/api-keys.js";
import { BillingView } from "./views/billing.js";
import { CampaignView } from "./views/campaign.js";
import { CampaignsView } from "./views/campaigns.js";
import { DomainsView } from "./views/domains.js";
import { LeadsView } from "./views/leads.js";
import { MailboxesView } from "./views/mailboxes.js";
import { MembersView } from "./views/members.js";
import { MessagesView } from "./views/messages.js";
import { OverviewView } from "./views/overview.js";
import { SettingsView } from "./views/settings.js";
import { CostsView } from "./views/staff/costs.js";
import { FlagsView } from "./views/staff/flags.js";
import { IpPoolView } from "./views/staff/ip-pool.js";
import { PlansView } from "./views/staff/plans.js";
import { SystemConfigView } from "./views/staff/system-config.js";
import { TenantsView } from "./views/staff/tenants.js";
import { SuppressionsView } from "./views/suppressions.js";
import { TemplatesView } from "./views/templates.js";
import { WebhooksView } from "./views/webhooks.js";

const rootRoute = createRootRoute({
  component: Shell,
  notFoundComponent: () => <Empty>There is no page here.</Empty>,
});

const page = <P extends string>(path: P, component: () => React.ReactNode) =>
  createRoute({ getParentRoute: () => rootRoute, path, component });

const campaignRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/campaigns/$campaignId",
  component: function CampaignPage() {
    const { campaignId } = campaignRoute.useParams();
    return <CampaignView id={campaignId} />;
  },
});

/** Filters live in the URL (`/app/messages?campaignId=…`), so a campaign links to its messages. */
const messagesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/messages",
  validateSearch: (search: Record<string, unknown>): MessageFilters => messageFiltersFrom(search),
  component: function MessagesPage() {
    const filters = messagesRoute.useSearch();
    const navigate = messagesRoute.useNavigate();
    return <MessagesView filters={filters} onFilters={(next) => void navigate({ search: next })} />;
  },
});

/** One flat list of pages; each has its nav entry in components/shell.tsx. */
const routeTree = rootRoute.addChildren([
  page("/", OverviewView),
  page("/leads", LeadsView),
  page("/campaigns", CampaignsView),
  campaignRoute,
  messagesRoute,
  page("/suppressions", SuppressionsView),
  page("/templates", TemplatesView),
  page("/domains", DomainsView),
  page("/mailboxes", MailboxesView),
  page("/billing", BillingView),
  page("/members", MembersView),
  page("/api-keys", ApiKeysView),
  page("/webhooks", WebhooksView),
  page("/settings", SettingsView),
  page("/staff/tenants", TenantsView),
  page("/staff/plans", PlansView),
  page("/staff/ip-pool", IpPoolView),
  page("/staff/flags", FlagsView),
  page("/staff/config", SystemConfigView),
  page("/staff/costs", CostsView),
]);

export const router = createRouter({ routeTree, basepath: "/app", defaultPreload: false });

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
