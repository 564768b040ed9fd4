/**
 * Compile-time only: each output schema describes exactly the rows its query module selects.
 * `.output()` strips what a schema doesn't name, so a column added to a selection but not to its
 * schema would silently vanish from tRPC and REST answers; here it fails `tsc` instead.
 */
import type { listEnrollments } from "@outbound/db/queries/campaign-leads";
import type { getStep, listSteps } from "@outbound/db/queries/campaign-steps";
import type { getCampaign } from "@outbound/db/queries/campaigns";
import type { getCompany } from "@outbound/db/queries/companies";
import type { getDomain } from "@outbound/db/queries/domains";
import type { getEmailAccount } from "@outbound/db/queries/email-accounts";
import type { getLead } from "@outbound/db/queries/leads";
import type { listMessages } from "@outbound/db/queries/messages";
import type { listSuppressions } from "@outbound/db/queries/suppressions";
import type { getTemplate } from "@outbound/db/queries/templates";
import type { listEndpoints } from "@outbound/db/queries/webhooks";
import type { z } from "zod";
import type { tenantUsage } from "../services/billing/usage.js";
import type { getCampaignStats } from "../services/campaigns/stats.js";
import type { previewCampaign } from "../services/campaigns/steps.js";
import type { duplicateTemplate, renderTemplateFor } from "../services/content/templates.js";
import type { setPrimaryDomain } from "../services/domains/domains.js";
import type {
  setEmailAccountStatus,
  startEmailAccountWarmup,
  stopEmailAccountWarmup,
  updateEmailAccountCredentials,
} from "../services/email-accounts/email-accounts.js";
import type { testWebhook } from "../services/webhooks/dispatch.js";
import type { redeliverWebhook, rotateWebhookSecret, webhookDeliveries } from "../services/webhooks/endpoints.js";
import type { usageOutput } from "./billing.js";
import type { enrollmentOutput } from "./campaign-leads.js";
import type {
  campaignOutput,
  campaignPreviewOutput,
  campaignStatsOutput,
  listedStepOutput,
  stepOutput,
} from "./campaigns.js";
import type { companyOutput } from "./companies.js";
import type { domainOutput } from "./domains.js";
import type { emailAccountOutput } from "./email-accounts.js";
import type { leadOutput } from "./leads.js";
import type { messageOutput } from "./messages.js";
import type { suppressionOutput } from "./suppressions.js";
import type { duplicatedTemplateOutput, renderedTemplateOutput, templateOutput } from "./templates.js";
import type {
  redeliveredWebhookOutput,
  rotatedWebhookSecretOutput,
  webhookDeliveryPageOutput,
  webhookOutput,
  webhookTestOutput,
} from "./webhooks.js";

type Row<F extends (...args: never[]) => unknown> = NonNullable<Awaited<ReturnType<F>>>;
type Item<F extends (...args: never[]) => unknown> = Row<F> extends { items: Array<infer I> } ? I : never;

/** Each way assignable: no field the query selects is missing from the schema, and none is invented. */
type Describes<Schema extends z.ZodType, Selected> = [z.output<Schema>] extends [Selected]
  ? [Selected] extends [z.output<Schema>]
    ? true
    : false
  : false;

type Holds<T extends true> = T;

export type OutputSchemasDescribeTheirQueries = [
  Holds<Describes<typeof leadOutput, Row<typeof getLead>>>,
  Holds<Describes<typeof campaignOutput, Row<typeof getCampaign>>>,
  Holds<Describes<typeof stepOutput, Row<typeof getStep>>>,
  Holds<Describes<typeof listedStepOutput, Row<typeof listSteps>[number]>>,
  Holds<Describes<typeof enrollmentOutput, Item<typeof listEnrollments>>>,
  Holds<Describes<typeof campaignStatsOutput, Row<typeof getCampaignStats>>>,
  Holds<Describes<typeof companyOutput, Row<typeof getCompany>>>,
  Holds<Describes<typeof templateOutput, Row<typeof getTemplate>>>,
  Holds<Describes<typeof domainOutput, Row<typeof getDomain>>>,
  Holds<Describes<typeof emailAccountOutput, Row<typeof getEmailAccount>>>,
  Holds<Describes<typeof messageOutput, Item<typeof listMessages>>>,
  Holds<Describes<typeof suppressionOutput, Item<typeof listSuppressions>>>,
  Holds<Describes<typeof webhookOutput, Row<typeof listEndpoints>[number]>>,
  Holds<Describes<typeof usageOutput, Row<typeof tenantUsage>>>,
  Holds<Describes<typeof duplicatedTemplateOutput, Row<typeof duplicateTemplate>>>,
  Holds<Describes<typeof renderedTemplateOutput, Row<typeof renderTemplateFor>>>,
  Holds<Describes<typeof domainOutput, Row<typeof setPrimaryDomain>>>,
  Holds<Describes<typeof emailAccountOutput, Row<typeof updateEmailAccountCredentials>>>,
  Holds<Describes<typeof emailAccountOutput, Row<typeof setEmailAccountStatus>>>,
  Holds<Describes<typeof emailAccountOutput, Row<typeof startEmailAccountWarmup>>>,
  Holds<Describes<typeof emailAccountOutput, Row<typeof stopEmailAccountWarmup>>>,
  Holds<Describes<typeof rotatedWebhookSecretOutput, Row<typeof rotateWebhookSecret>>>,
  Holds<Describes<typeof webhookDeliveryPageOutput, Row<typeof webhookDeliveries>>>,
  Holds<Describes<typeof redeliveredWebhookOutput, Row<typeof redeliverWebhook>>>,
  Holds<Describes<typeof webhookTestOutput, Row<typeof testWebhook>>>,
  Holds<Describes<typeof campaignPreviewOutput, Row<typeof previewCampaign>>>,
];
