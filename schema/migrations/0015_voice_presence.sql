CREATE TABLE "voice_evenings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_active_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"peak" integer NOT NULL,
	"start_posted_at" timestamp with time zone,
	"end_posted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "voice_pauses" (
	"scope" text PRIMARY KEY NOT NULL,
	"until" timestamp with time zone NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_polls" (
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"polled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "voice_polls_guild_id_user_id_pk" PRIMARY KEY("guild_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "voice_presence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"guild_id" text NOT NULL,
	"user_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_settings" (
	"guild_id" text PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"channel_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"team_a_channel_id" text,
	"team_b_channel_id" text,
	"min_players" integer DEFAULT 6 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "voice_evenings_guild_started_idx" ON "voice_evenings" USING btree ("guild_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_presence_open_idx" ON "voice_presence" USING btree ("guild_id","user_id") WHERE "voice_presence"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "voice_presence_guild_started_idx" ON "voice_presence" USING btree ("guild_id","started_at");