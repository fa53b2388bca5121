CREATE TABLE "leaderboard_entries" (
	"period" text NOT NULL,
	"metric" text NOT NULL,
	"guid" text NOT NULL,
	"rank" integer NOT NULL,
	"value" double precision NOT NULL,
	"rounds" integer NOT NULL,
	"minutes" double precision NOT NULL,
	CONSTRAINT "leaderboard_entries_period_metric_guid_pk" PRIMARY KEY("period","metric","guid")
);
--> statement-breakpoint
CREATE TABLE "leaderboard_periods" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"session_id" integer,
	"season_key" text,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	CONSTRAINT "leaderboard_periods_session_id_unique" UNIQUE("session_id")
);
--> statement-breakpoint
CREATE TABLE "player_achievements" (
	"guid" text NOT NULL,
	"achievement" text NOT NULL,
	"unlocked_at" timestamp with time zone NOT NULL,
	"round_id" integer,
	"file_id" bigint NOT NULL,
	"round_number" integer NOT NULL,
	CONSTRAINT "player_achievements_guid_achievement_pk" PRIMARY KEY("guid","achievement")
);
--> statement-breakpoint
CREATE TABLE "recompute_state" (
	"scope" text PRIMARY KEY NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"detail" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_maps" (
	"session_id" integer NOT NULL,
	"match_id" integer NOT NULL,
	"map" text NOT NULL,
	"play_order" smallint NOT NULL,
	"first_attackers_team" text,
	"team_a_points" smallint,
	"team_b_points" smallint,
	"confidence" double precision NOT NULL,
	CONSTRAINT "session_maps_session_id_match_id_pk" PRIMARY KEY("session_id","match_id")
);
--> statement-breakpoint
CREATE TABLE "session_results" (
	"session_id" integer PRIMARY KEY NOT NULL,
	"team_a_maps" smallint NOT NULL,
	"team_b_maps" smallint NOT NULL,
	"drawn_maps" smallint NOT NULL,
	"team_a_points" smallint NOT NULL,
	"team_b_points" smallint NOT NULL,
	"winner" text,
	"confidence" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_teams" (
	"session_id" integer NOT NULL,
	"guid" text NOT NULL,
	"team" text NOT NULL,
	"confidence" double precision NOT NULL,
	"source" text NOT NULL,
	"role" text NOT NULL,
	"replaces" text,
	"rounds" integer NOT NULL,
	"agreeing_rounds" integer NOT NULL,
	"first_round_id" integer NOT NULL,
	"last_round_id" integer NOT NULL,
	CONSTRAINT "session_teams_session_id_guid_pk" PRIMARY KEY("session_id","guid")
);
--> statement-breakpoint
CREATE TABLE "team_overrides" (
	"file_id" bigint NOT NULL,
	"guid" text NOT NULL,
	"team" text NOT NULL,
	"by_user_id" text NOT NULL,
	"session_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_overrides_file_id_guid_pk" PRIMARY KEY("file_id","guid")
);
--> statement-breakpoint
ALTER TABLE "leaderboard_entries" ADD CONSTRAINT "leaderboard_entries_period_leaderboard_periods_id_fk" FOREIGN KEY ("period") REFERENCES "public"."leaderboard_periods"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leaderboard_periods" ADD CONSTRAINT "leaderboard_periods_session_id_gaming_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."gaming_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_achievements" ADD CONSTRAINT "player_achievements_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "player_achievements" ADD CONSTRAINT "player_achievements_file_id_stats_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stats_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_maps" ADD CONSTRAINT "session_maps_session_id_gaming_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."gaming_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_results" ADD CONSTRAINT "session_results_session_id_gaming_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."gaming_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_teams" ADD CONSTRAINT "session_teams_session_id_gaming_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."gaming_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_overrides" ADD CONSTRAINT "team_overrides_file_id_stats_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stats_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leaderboard_entries_rank_idx" ON "leaderboard_entries" USING btree ("period","metric","rank");--> statement-breakpoint
CREATE INDEX "player_achievements_unlocked_idx" ON "player_achievements" USING btree ("unlocked_at");