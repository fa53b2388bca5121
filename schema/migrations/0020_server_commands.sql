CREATE TABLE "live_map_starts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"server_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"map" text NOT NULL,
	"previous_map" text NOT NULL,
	"hostname" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "server_commands" (
	"id" text PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"server_id" integer NOT NULL,
	"action" text NOT NULL,
	"args" jsonb NOT NULL,
	"issued_by" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"command" text NOT NULL,
	"signature" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"sent_at" timestamp with time zone,
	"outcome" text,
	"outcome_at" timestamp with time zone,
	CONSTRAINT "server_commands_status_check" CHECK ("server_commands"."status" in ('pending', 'sent', 'done', 'refused', 'failed', 'expired'))
);
--> statement-breakpoint
ALTER TABLE "announcements" DROP CONSTRAINT "announcements_kind_check";--> statement-breakpoint
ALTER TABLE "communities" ADD COLUMN "announce_maps_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "live_map_starts" ADD CONSTRAINT "live_map_starts_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_map_starts" ADD CONSTRAINT "live_map_starts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "server_commands" ADD CONSTRAINT "server_commands_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "server_commands" ADD CONSTRAINT "server_commands_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_map_starts_community_idx" ON "live_map_starts" USING btree ("community_id","started_at");--> statement-breakpoint
CREATE INDEX "server_commands_pending_idx" ON "server_commands" USING btree ("server_id","status");--> statement-breakpoint
CREATE INDEX "server_commands_community_idx" ON "server_commands" USING btree ("community_id","issued_at");--> statement-breakpoint
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_kind_check" CHECK ("announcements"."kind" in ('round', 'map', 'achievements', 'quarantine', 'channel', 'map_started'));