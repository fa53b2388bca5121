CREATE TABLE "game_servers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "game_servers_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "server_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"server_id" integer NOT NULL,
	"public_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "server_keys_public_key_unique" UNIQUE("public_key")
);
--> statement-breakpoint
CREATE TABLE "stats_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"server_id" integer NOT NULL,
	"sha256" text NOT NULL,
	"file_name" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"error_line" smallint,
	"error_reason" text
);
--> statement-breakpoint
CREATE TABLE "gaming_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"round_count" integer NOT NULL,
	"map_count" integer NOT NULL,
	"player_count" integer NOT NULL,
	CONSTRAINT "gaming_sessions_started_at_unique" UNIQUE("started_at")
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" serial PRIMARY KEY NOT NULL,
	"server_id" integer NOT NULL,
	"map" text NOT NULL,
	"round1_id" integer NOT NULL,
	"round2_id" integer,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"first_attackers_side" smallint NOT NULL,
	"first_attackers_points" smallint,
	"first_defenders_points" smallint,
	CONSTRAINT "matches_round1_id_unique" UNIQUE("round1_id"),
	CONSTRAINT "matches_round2_id_unique" UNIQUE("round2_id")
);
--> statement-breakpoint
CREATE TABLE "player_aliases" (
	"guid" text NOT NULL,
	"name_raw" text NOT NULL,
	"name" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"rounds" integer NOT NULL,
	CONSTRAINT "player_aliases_guid_name_raw_pk" PRIMARY KEY("guid","name_raw")
);
--> statement-breakpoint
CREATE TABLE "player_rounds" (
	"round_id" integer NOT NULL,
	"guid" text NOT NULL,
	"name_raw" text NOT NULL,
	"name" text NOT NULL,
	"team" smallint NOT NULL,
	"bot" boolean NOT NULL,
	"engine_rounds" integer NOT NULL,
	"joined_in_r2" boolean DEFAULT false NOT NULL,
	"reconnected" boolean DEFAULT false NOT NULL,
	"left_early" boolean DEFAULT false NOT NULL,
	"kills" integer DEFAULT 0 NOT NULL,
	"deaths" integer DEFAULT 0 NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"shots" integer DEFAULT 0 NOT NULL,
	"headshot_hits" integer DEFAULT 0 NOT NULL,
	"damage_given" integer DEFAULT 0 NOT NULL,
	"damage_received" integer DEFAULT 0 NOT NULL,
	"team_damage_given" integer DEFAULT 0 NOT NULL,
	"team_damage_received" integer DEFAULT 0 NOT NULL,
	"gibs" integer DEFAULT 0 NOT NULL,
	"self_kills" integer DEFAULT 0 NOT NULL,
	"team_kills" integer DEFAULT 0 NOT NULL,
	"team_gibs" integer DEFAULT 0 NOT NULL,
	"time_alive_pct" double precision DEFAULT 0 NOT NULL,
	"xp" integer DEFAULT 0 NOT NULL,
	"killing_spree" integer DEFAULT 0 NOT NULL,
	"death_spree" integer DEFAULT 0 NOT NULL,
	"kill_assists" integer DEFAULT 0 NOT NULL,
	"kill_steals" integer DEFAULT 0 NOT NULL,
	"headshot_kills" integer DEFAULT 0 NOT NULL,
	"objectives_stolen" integer DEFAULT 0 NOT NULL,
	"objectives_returned" integer DEFAULT 0 NOT NULL,
	"dynamites_planted" integer DEFAULT 0 NOT NULL,
	"dynamites_defused" integer DEFAULT 0 NOT NULL,
	"times_revived" integer DEFAULT 0 NOT NULL,
	"bullets_fired" integer DEFAULT 0 NOT NULL,
	"mod_dpm" double precision DEFAULT 0 NOT NULL,
	"time_played_min" double precision DEFAULT 0 NOT NULL,
	"mod_tank_score" double precision DEFAULT 0 NOT NULL,
	"mod_time_dead_pct" double precision DEFAULT 0 NOT NULL,
	"time_dead_min" double precision DEFAULT 0 NOT NULL,
	"mod_kd" double precision DEFAULT 0 NOT NULL,
	"useful_kills" integer DEFAULT 0 NOT NULL,
	"denied_playtime" integer DEFAULT 0 NOT NULL,
	"multikill_2x" integer DEFAULT 0 NOT NULL,
	"multikill_3x" integer DEFAULT 0 NOT NULL,
	"multikill_4x" integer DEFAULT 0 NOT NULL,
	"multikill_5x" integer DEFAULT 0 NOT NULL,
	"multikill_6x" integer DEFAULT 0 NOT NULL,
	"useless_kills" integer DEFAULT 0 NOT NULL,
	"full_selfkills" integer DEFAULT 0 NOT NULL,
	"repairs_constructions" integer DEFAULT 0 NOT NULL,
	"revives_given" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "player_rounds_round_id_guid_pk" PRIMARY KEY("round_id","guid")
);
--> statement-breakpoint
CREATE TABLE "player_weapon_rounds" (
	"round_id" integer NOT NULL,
	"guid" text NOT NULL,
	"weapon" smallint NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"shots" integer DEFAULT 0 NOT NULL,
	"kills" integer DEFAULT 0 NOT NULL,
	"deaths" integer DEFAULT 0 NOT NULL,
	"headshots" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "player_weapon_rounds_round_id_guid_weapon_pk" PRIMARY KEY("round_id","guid","weapon")
);
--> statement-breakpoint
CREATE TABLE "players" (
	"guid" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_raw" text NOT NULL,
	"bot" boolean NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"file_id" bigint NOT NULL,
	"server_id" integer NOT NULL,
	"map" text NOT NULL,
	"round" smallint NOT NULL,
	"local_time" text NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"server_name" text NOT NULL,
	"config" text NOT NULL,
	"defender" smallint NOT NULL,
	"winner" smallint NOT NULL,
	"time_limit_s" integer NOT NULL,
	"next_time_limit_s" integer NOT NULL,
	"playtime_s" integer,
	"legacy_header" boolean NOT NULL,
	"duration_s" integer NOT NULL,
	"duration_source" text NOT NULL,
	"attackers_won" boolean NOT NULL,
	"orphan" boolean DEFAULT false NOT NULL,
	"match_id" integer,
	"session_id" integer,
	"player_count" smallint NOT NULL,
	"bot_count" smallint NOT NULL,
	CONSTRAINT "rounds_file_id_unique" UNIQUE("file_id")
);
--> statement-breakpoint
ALTER TABLE "server_keys" ADD CONSTRAINT "server_keys_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_files" ADD CONSTRAINT "stats_files_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_round1_id_rounds_id_fk" FOREIGN KEY ("round1_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_round2_id_rounds_id_fk" FOREIGN KEY ("round2_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_aliases" ADD CONSTRAINT "player_aliases_guid_players_guid_fk" FOREIGN KEY ("guid") REFERENCES "public"."players"("guid") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_rounds" ADD CONSTRAINT "player_rounds_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_rounds" ADD CONSTRAINT "player_rounds_guid_players_guid_fk" FOREIGN KEY ("guid") REFERENCES "public"."players"("guid") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_weapon_rounds" ADD CONSTRAINT "player_weapon_rounds_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_file_id_stats_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stats_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "server_keys_server_idx" ON "server_keys" USING btree ("server_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stats_files_server_sha_idx" ON "stats_files" USING btree ("server_id","sha256");--> statement-breakpoint
CREATE INDEX "stats_files_name_idx" ON "stats_files" USING btree ("file_name");--> statement-breakpoint
CREATE INDEX "stats_files_quarantine_idx" ON "stats_files" USING btree ("received_at") WHERE "stats_files"."status" = 'quarantined';--> statement-breakpoint
CREATE INDEX "matches_ended_idx" ON "matches" USING btree ("ended_at");--> statement-breakpoint
CREATE INDEX "player_aliases_name_idx" ON "player_aliases" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "player_rounds_guid_idx" ON "player_rounds" USING btree ("guid","round_id");--> statement-breakpoint
CREATE INDEX "player_weapon_rounds_guid_idx" ON "player_weapon_rounds" USING btree ("guid");--> statement-breakpoint
CREATE INDEX "player_weapon_rounds_weapon_idx" ON "player_weapon_rounds" USING btree ("weapon");--> statement-breakpoint
CREATE INDEX "rounds_server_map_time_idx" ON "rounds" USING btree ("server_id","map","ended_at");--> statement-breakpoint
CREATE INDEX "rounds_ended_idx" ON "rounds" USING btree ("ended_at");--> statement-breakpoint
CREATE INDEX "rounds_session_idx" ON "rounds" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "rounds_match_idx" ON "rounds" USING btree ("match_id");