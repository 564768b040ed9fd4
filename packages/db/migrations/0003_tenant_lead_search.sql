-- Lead search indexes lead with tenant_id; btree_gin gives uuid a GIN operator class
-- (PostgreSQL contrib, and PGlite). New indexes first, so search stays indexed.
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
CREATE INDEX "leads_tenant_email_trgm_idx" ON "leads" USING gin ("tenant_id","email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_tenant_name_trgm_idx" ON "leads" USING gin ("tenant_id","name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_tenant_company_trgm_idx" ON "leads" USING gin ("tenant_id","company" gin_trgm_ops);--> statement-breakpoint
DROP INDEX "leads_email_trgm_idx";--> statement-breakpoint
DROP INDEX "leads_name_trgm_idx";--> statement-breakpoint
DROP INDEX "leads_company_trgm_idx";
