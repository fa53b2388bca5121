CREATE TABLE "server_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"server_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"window_started_at" timestamp with time zone,
	"window_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "server_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "token_refusals" (
	"hour" timestamp with time zone NOT NULL,
	"community_id" integer DEFAULT 0 NOT NULL,
	"reason" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "token_refusals_hour_community_id_reason_pk" PRIMARY KEY("hour","community_id","reason")
);
--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "kill_steals" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "kill_steals" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "mod_dpm" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "mod_dpm" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "mod_tank_score" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "mod_tank_score" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "mod_time_dead_pct" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "mod_time_dead_pct" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "mod_kd" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "mod_kd" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "useful_kills" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "useful_kills" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "server_tokens" ADD CONSTRAINT "server_tokens_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "server_tokens_server_idx" ON "server_tokens" USING btree ("server_id");