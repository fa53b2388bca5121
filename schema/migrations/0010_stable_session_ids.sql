ALTER TABLE "leaderboard_entries" DROP CONSTRAINT "leaderboard_entries_period_leaderboard_periods_id_fk";
--> statement-breakpoint
ALTER TABLE "leaderboard_periods" DROP CONSTRAINT "leaderboard_periods_session_id_gaming_sessions_id_fk";
--> statement-breakpoint
ALTER TABLE "session_maps" DROP CONSTRAINT "session_maps_session_id_gaming_sessions_id_fk";
--> statement-breakpoint
ALTER TABLE "session_results" DROP CONSTRAINT "session_results_session_id_gaming_sessions_id_fk";
--> statement-breakpoint
ALTER TABLE "session_teams" DROP CONSTRAINT "session_teams_session_id_gaming_sessions_id_fk";
--> statement-breakpoint
ALTER TABLE "gaming_sessions" ALTER COLUMN "id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "rounds" ALTER COLUMN "session_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "leaderboard_periods" ALTER COLUMN "session_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "session_maps" ALTER COLUMN "session_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "session_results" ALTER COLUMN "session_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "session_teams" ALTER COLUMN "session_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "team_overrides" ALTER COLUMN "session_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "leaderboard_entries" ADD CONSTRAINT "leaderboard_entries_period_leaderboard_periods_id_fk" FOREIGN KEY ("period") REFERENCES "public"."leaderboard_periods"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "leaderboard_periods" ADD CONSTRAINT "leaderboard_periods_session_id_gaming_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."gaming_sessions"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "session_maps" ADD CONSTRAINT "session_maps_session_id_gaming_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."gaming_sessions"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "session_results" ADD CONSTRAINT "session_results_session_id_gaming_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."gaming_sessions"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "session_teams" ADD CONSTRAINT "session_teams_session_id_gaming_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."gaming_sessions"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
-- Session ids are no longer drawn from a sequence: the importer gives each session the code of the minute
-- its first round started (yyyymmddHHMM, UTC), in order of start then game server, a taken minute moving
-- to the next free one (stats/sessions.ts settleSessionIds). Existing sessions get theirs here.
ALTER TABLE "gaming_sessions" ALTER COLUMN "id" DROP DEFAULT;--> statement-breakpoint
DROP SEQUENCE IF EXISTS "gaming_sessions_id_seq";--> statement-breakpoint
CREATE TEMPORARY TABLE "session_id_moves" AS
WITH RECURSIVE ordered AS (
  SELECT id, row_number() OVER (ORDER BY started_at, server_id) AS n,
    date_trunc('minute', started_at AT TIME ZONE 'UTC') AS own
  FROM gaming_sessions
), settled (n, id, minute) AS (
  SELECT n, id, own FROM ordered WHERE n = 1
  UNION ALL
  SELECT o.n, o.id, greatest(o.own, s.minute + interval '1 minute')
  FROM settled s JOIN ordered o ON o.n = s.n + 1
)
SELECT id AS old_id, to_char(minute, 'YYYYMMDDHH24MI')::bigint AS new_id FROM settled;--> statement-breakpoint
-- Old ids came from a sequence (small), new ones are twelve digits: the two never meet mid-update.
UPDATE "rounds" r SET "session_id" = m.new_id FROM "session_id_moves" m WHERE r."session_id" = m.old_id;--> statement-breakpoint
UPDATE "team_overrides" o SET "session_id" = m.new_id FROM "session_id_moves" m WHERE o."session_id" = m.old_id;--> statement-breakpoint
UPDATE "gaming_sessions" s SET "id" = m.new_id FROM "session_id_moves" m WHERE s."id" = m.old_id;--> statement-breakpoint
UPDATE "leaderboard_periods" SET "id" = "community_id" || ':session:' || "session_id",
  "name" = 'Session ' || "session_id" || substr("name", strpos("name", ' ('))
WHERE "kind" = 'session';--> statement-breakpoint
DROP TABLE "session_id_moves";
