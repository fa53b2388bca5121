CREATE TABLE "guild_access" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"administrators_level" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "player_merges" (
	"merged_guid" text PRIMARY KEY NOT NULL,
	"kept_guid" text NOT NULL,
	"merged_by" text NOT NULL,
	"merged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "player_merges_kept_idx" ON "player_merges" USING btree ("kept_guid");