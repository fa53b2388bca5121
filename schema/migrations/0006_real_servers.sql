CREATE TABLE "companion_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"server_id" integer NOT NULL,
	"file_name" text NOT NULL,
	"round_file_name" text NOT NULL,
	"kind" text NOT NULL,
	"sha256" text NOT NULL,
	"normalized_sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"content" jsonb NOT NULL
);
--> statement-breakpoint
DROP INDEX "stats_files_server_sha_idx";--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "left_early" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "time_alive_pct" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "time_alive_pct" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "bullets_fired" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "bullets_fired" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "denied_playtime" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "denied_playtime" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_2x" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_2x" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_3x" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_3x" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_4x" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_4x" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_5x" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_5x" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_6x" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "multikill_6x" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "useless_kills" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "useless_kills" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "full_selfkills" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "full_selfkills" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "repairs_constructions" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "repairs_constructions" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "revives_given" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "player_rounds" ALTER COLUMN "revives_given" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ALTER COLUMN "duration_s" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ALTER COLUMN "duration_source" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_files" ADD COLUMN "normalized_sha256" text;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "empty" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "r2_per_round" boolean;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "ext_fields" smallint[] DEFAULT '{}'::smallint[] NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "bullets_known" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "reader_version" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "companion_files" ADD CONSTRAINT "companion_files_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "companion_files_name_idx" ON "companion_files" USING btree ("server_id","file_name","normalized_sha256");--> statement-breakpoint
CREATE INDEX "companion_files_round_idx" ON "companion_files" USING btree ("server_id","round_file_name");--> statement-breakpoint
CREATE UNIQUE INDEX "stats_files_server_name_idx" ON "stats_files" USING btree ("server_id","file_name","normalized_sha256");