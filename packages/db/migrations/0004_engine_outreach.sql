CREATE TABLE "campaign_leads" (
	"id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"status" varchar(20) DEFAULT 'active' NOT NULL,
	"current_step_order" integer DEFAULT 1 NOT NULL,
	"next_action_at" timestamp with time zone,
	"email_account_id" uuid,
	"finished_reason" varchar(300),
	"last_error" text,
	"thread_message_id" varchar(300),
	"last_email_at" timestamp with time zone,
	"locked_by" uuid,
	"locked_until" timestamp with time zone,
	"finished" timestamp with time zone,
	"enrolled" timestamp with time zone DEFAULT now() NOT NULL,
	"updated" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_leads_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "email_events" (
	"id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"type" varchar(30) NOT NULL,
	"message_id" uuid,
	"lead_id" uuid,
	"campaign_id" uuid,
	"campaign_lead_id" uuid,
	"step_id" uuid,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred" timestamp with time zone NOT NULL,
	CONSTRAINT "email_events_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"lead_id" uuid NOT NULL,
	"campaign_lead_id" uuid NOT NULL,
	"email_account_id" uuid NOT NULL,
	"message_id" varchar(300) NOT NULL,
	"in_reply_to" varchar(300),
	"from_email" varchar(255) NOT NULL,
	"to_email" varchar(255) NOT NULL,
	"subject" varchar(1000) NOT NULL,
	"body" text NOT NULL,
	"text_body" text NOT NULL,
	"headers" jsonb NOT NULL,
	"status" varchar(20) DEFAULT 'queued' NOT NULL,
	"smtp_response" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sending_since" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"updated" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"value" varchar(255) NOT NULL,
	"reason" varchar(20) DEFAULT 'manual' NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppressions_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "sending_window" jsonb;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "daily_limit" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "stop_on_reply" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "track_opens" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "track_clicks" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_leads" ADD CONSTRAINT "campaign_leads_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_leads" ADD CONSTRAINT "campaign_leads_tenant_id_campaign_id_campaigns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_leads" ADD CONSTRAINT "campaign_leads_tenant_id_lead_id_leads_tenant_id_id_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_leads" ADD CONSTRAINT "campaign_leads_tenant_id_email_account_id_email_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","email_account_id") REFERENCES "public"."email_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_events" ADD CONSTRAINT "email_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_events" ADD CONSTRAINT "email_events_tenant_id_message_id_messages_tenant_id_id_fk" FOREIGN KEY ("tenant_id","message_id") REFERENCES "public"."messages"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_events" ADD CONSTRAINT "email_events_tenant_id_lead_id_leads_tenant_id_id_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_events" ADD CONSTRAINT "email_events_tenant_id_campaign_id_campaigns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_events" ADD CONSTRAINT "email_events_tenant_id_campaign_lead_id_campaign_leads_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_lead_id") REFERENCES "public"."campaign_leads"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_campaign_id_campaigns_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_id") REFERENCES "public"."campaigns"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_step_id_campaign_sequence_steps_tenant_id_id_fk" FOREIGN KEY ("tenant_id","step_id") REFERENCES "public"."campaign_sequence_steps"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_lead_id_leads_tenant_id_id_fk" FOREIGN KEY ("tenant_id","lead_id") REFERENCES "public"."leads"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_campaign_lead_id_campaign_leads_tenant_id_id_fk" FOREIGN KEY ("tenant_id","campaign_lead_id") REFERENCES "public"."campaign_leads"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_email_account_id_email_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","email_account_id") REFERENCES "public"."email_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suppressions" ADD CONSTRAINT "suppressions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_leads_campaign_lead_uq" ON "campaign_leads" USING btree ("tenant_id","campaign_id","lead_id");--> statement-breakpoint
CREATE INDEX "campaign_leads_lead_idx" ON "campaign_leads" USING btree ("tenant_id","lead_id");--> statement-breakpoint
CREATE INDEX "campaign_leads_email_account_idx" ON "campaign_leads" USING btree ("tenant_id","email_account_id");--> statement-breakpoint
CREATE INDEX "campaign_leads_campaign_status_idx" ON "campaign_leads" USING btree ("tenant_id","campaign_id","status","id");--> statement-breakpoint
CREATE INDEX "campaign_leads_due_idx" ON "campaign_leads" USING btree ("tenant_id","campaign_id","next_action_at") WHERE "campaign_leads"."status" = 'active';--> statement-breakpoint
CREATE INDEX "campaign_leads_due_any_idx" ON "campaign_leads" USING btree ("next_action_at","tenant_id","campaign_id") WHERE "campaign_leads"."status" = 'active';--> statement-breakpoint
CREATE INDEX "email_events_message_idx" ON "email_events" USING btree ("tenant_id","message_id");--> statement-breakpoint
CREATE INDEX "email_events_lead_idx" ON "email_events" USING btree ("tenant_id","lead_id");--> statement-breakpoint
CREATE INDEX "email_events_campaign_idx" ON "email_events" USING btree ("tenant_id","campaign_id","type");--> statement-breakpoint
CREATE INDEX "email_events_campaign_lead_idx" ON "email_events" USING btree ("tenant_id","campaign_lead_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_enrollment_step_uq" ON "messages" USING btree ("tenant_id","campaign_lead_id","step_id");--> statement-breakpoint
CREATE INDEX "messages_campaign_idx" ON "messages" USING btree ("tenant_id","campaign_id","created");--> statement-breakpoint
CREATE INDEX "messages_step_idx" ON "messages" USING btree ("tenant_id","step_id");--> statement-breakpoint
CREATE INDEX "messages_lead_idx" ON "messages" USING btree ("tenant_id","lead_id");--> statement-breakpoint
CREATE INDEX "messages_email_account_idx" ON "messages" USING btree ("tenant_id","email_account_id","id");--> statement-breakpoint
CREATE INDEX "messages_message_id_idx" ON "messages" USING btree ("tenant_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "suppressions_value_uq" ON "suppressions" USING btree ("tenant_id","value");