CREATE TABLE "communities" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communities_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "community_guilds" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"bound_by" text NOT NULL,
	"bound_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Everything stored before communities belongs to community 1.
INSERT INTO "communities" ("id", "slug", "name") VALUES (1, 'default', 'Our community');--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('communities', 'id'), 1);--> statement-breakpoint
ALTER TABLE "game_servers" DROP CONSTRAINT "game_servers_name_unique";--> statement-breakpoint
ALTER TABLE "game_servers" ADD COLUMN "community_id" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "game_servers" ALTER COLUMN "community_id" DROP DEFAULT;--> statement-breakpoint
-- Sessions are per game server now; one that held rounds of two servers is split by the next rebuild.
DELETE FROM "gaming_sessions" s WHERE NOT EXISTS (SELECT 1 FROM "rounds" r WHERE r."session_id" = s."id");--> statement-breakpoint
ALTER TABLE "gaming_sessions" DROP CONSTRAINT "gaming_sessions_started_at_unique";--> statement-breakpoint
ALTER TABLE "gaming_sessions" ADD COLUMN "server_id" integer;--> statement-breakpoint
UPDATE "gaming_sessions" s SET "server_id" = (SELECT min(r."server_id") FROM "rounds" r WHERE r."session_id" = s."id");--> statement-breakpoint
ALTER TABLE "gaming_sessions" ALTER COLUMN "server_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "leaderboard_entries" DROP CONSTRAINT "leaderboard_entries_period_leaderboard_periods_id_fk";--> statement-breakpoint
UPDATE "leaderboard_entries" SET "period" = '1:' || "period";--> statement-breakpoint
UPDATE "leaderboard_periods" SET "id" = '1:' || "id";--> statement-breakpoint
ALTER TABLE "leaderboard_entries" ADD CONSTRAINT "leaderboard_entries_period_leaderboard_periods_id_fk" FOREIGN KEY ("period") REFERENCES "public"."leaderboard_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_periods" ADD COLUMN "community_id" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "leaderboard_periods" ALTER COLUMN "community_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_achievements" DROP CONSTRAINT "player_achievements_guid_achievement_pk";--> statement-breakpoint
ALTER TABLE "player_achievements" ADD COLUMN "community_id" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "player_achievements" ALTER COLUMN "community_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_achievements" ADD CONSTRAINT "player_achievements_community_id_guid_achievement_pk" PRIMARY KEY("community_id","guid","achievement");--> statement-breakpoint
ALTER TABLE "discord_links" DROP CONSTRAINT "discord_links_guid_unique";--> statement-breakpoint
ALTER TABLE "discord_links" DROP CONSTRAINT "discord_links_pkey";--> statement-breakpoint
ALTER TABLE "discord_links" ADD COLUMN "community_id" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "discord_links" ALTER COLUMN "community_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "discord_links" ADD CONSTRAINT "discord_links_community_id_user_id_pk" PRIMARY KEY("community_id","user_id");--> statement-breakpoint
ALTER TABLE "discord_links" ADD CONSTRAINT "discord_links_community_guid_key" UNIQUE("community_id","guid");--> statement-breakpoint
ALTER TABLE "player_merges" DROP CONSTRAINT "player_merges_pkey";--> statement-breakpoint
ALTER TABLE "player_merges" ADD COLUMN "community_id" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "player_merges" ALTER COLUMN "community_id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_merges" ADD CONSTRAINT "player_merges_community_id_merged_guid_pk" PRIMARY KEY("community_id","merged_guid");--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "community_id" integer;--> statement-breakpoint
-- The act's community, where its guild is known (every guild seen so far is the one community's).
UPDATE "audit_log" SET "community_id" = 1 WHERE "guild_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "community_guilds" ADD CONSTRAINT "community_guilds_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "community_guilds_community_idx" ON "community_guilds" USING btree ("community_id");--> statement-breakpoint
ALTER TABLE "game_servers" ADD CONSTRAINT "game_servers_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gaming_sessions" ADD CONSTRAINT "gaming_sessions_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_periods" ADD CONSTRAINT "leaderboard_periods_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_achievements" ADD CONSTRAINT "player_achievements_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discord_links" ADD CONSTRAINT "discord_links_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_merges" ADD CONSTRAINT "player_merges_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "game_servers_community_name_idx" ON "game_servers" USING btree ("community_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "gaming_sessions_server_start_idx" ON "gaming_sessions" USING btree ("server_id","started_at");--> statement-breakpoint
CREATE INDEX "audit_log_community_at_idx" ON "audit_log" USING btree ("community_id","at");
