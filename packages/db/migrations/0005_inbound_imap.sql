CREATE TABLE "imap_poll_states" (
	"tenant_id" uuid NOT NULL,
	"email_account_id" uuid NOT NULL,
	"uid_validity" bigint,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"next_poll_at" timestamp with time zone,
	"lease_owner" uuid,
	"lease_until" timestamp with time zone,
	"last_polled_at" timestamp with time zone,
	"imap_error" text,
	"imap_failed_at" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"created" timestamp with time zone DEFAULT now() NOT NULL,
	"updated" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imap_poll_states_tenant_id_email_account_id_pk" PRIMARY KEY("tenant_id","email_account_id")
);
--> statement-breakpoint
CREATE TABLE "inbound_receipts" (
	"id" uuid NOT NULL,
	"tenant_id" uuid NOT NULL,
	"email_account_id" uuid NOT NULL,
	"dedup_key" varchar(500) NOT NULL,
	"kind" varchar(20) NOT NULL,
	"message_id" uuid NOT NULL,
	"received" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_receipts_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "imap_poll_states" ADD CONSTRAINT "imap_poll_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imap_poll_states" ADD CONSTRAINT "imap_poll_states_tenant_id_email_account_id_email_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","email_account_id") REFERENCES "public"."email_accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_receipts" ADD CONSTRAINT "inbound_receipts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_receipts" ADD CONSTRAINT "inbound_receipts_tenant_id_email_account_id_email_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","email_account_id") REFERENCES "public"."email_accounts"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_receipts" ADD CONSTRAINT "inbound_receipts_tenant_id_message_id_messages_tenant_id_id_fk" FOREIGN KEY ("tenant_id","message_id") REFERENCES "public"."messages"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "imap_poll_states_due_idx" ON "imap_poll_states" USING btree ("next_poll_at","tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_receipts_dedup_uq" ON "inbound_receipts" USING btree ("tenant_id","dedup_key");--> statement-breakpoint
CREATE INDEX "inbound_receipts_message_idx" ON "inbound_receipts" USING btree ("tenant_id","message_id");--> statement-breakpoint
CREATE INDEX "inbound_receipts_email_account_idx" ON "inbound_receipts" USING btree ("tenant_id","email_account_id");