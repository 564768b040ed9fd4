CREATE TABLE "tenant_usage" (
	"tenant_id" uuid NOT NULL,
	"month" date NOT NULL,
	"emails_sent" integer DEFAULT 0 NOT NULL,
	"updated" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_usage_tenant_id_month_pk" PRIMARY KEY("tenant_id","month")
);
--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "daily_cap" integer DEFAULT 50 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "daily_count_date" date;--> statement-breakpoint
ALTER TABLE "email_accounts" ADD COLUMN "warmup_started" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tenant_usage" ADD CONSTRAINT "tenant_usage_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leads_email_trgm_idx" ON "leads" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_name_trgm_idx" ON "leads" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_company_trgm_idx" ON "leads" USING gin ("company" gin_trgm_ops);