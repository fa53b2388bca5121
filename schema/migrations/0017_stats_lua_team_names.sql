ALTER TABLE "rounds" ADD COLUMN "alpha_team_name" text;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "beta_team_name" text;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "alpha_side" smallint;--> statement-breakpoint
ALTER TABLE "session_results" ADD COLUMN "team_a_name" text;--> statement-breakpoint
ALTER TABLE "session_results" ADD COLUMN "team_b_name" text;