CREATE TABLE "live_snapshots" (
	"server_id" integer PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"hostname" text NOT NULL,
	"map" text NOT NULL,
	"game_state" text NOT NULL,
	"max_clients" integer NOT NULL,
	"time_limit_minutes" integer,
	"players" jsonb NOT NULL,
	"map_since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live_snapshots" ADD CONSTRAINT "live_snapshots_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_snapshots" ADD CONSTRAINT "live_snapshots_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;