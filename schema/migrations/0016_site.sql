ALTER TABLE "communities" ADD COLUMN "site_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "data_version" bigint DEFAULT 0 NOT NULL;