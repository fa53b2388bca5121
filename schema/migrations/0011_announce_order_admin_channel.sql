ALTER TABLE "announcements" DROP CONSTRAINT "announcements_kind_check";--> statement-breakpoint
ALTER TABLE "guild_settings" ADD COLUMN "admin_channel_id" text;--> statement-breakpoint
ALTER TABLE "announcements" ADD CONSTRAINT "announcements_kind_check" CHECK ("announcements"."kind" in ('round', 'map', 'achievements', 'quarantine', 'channel'));