CREATE TABLE "rating_changes" (
	"round_id" integer NOT NULL,
	"key" text NOT NULL,
	"community_id" integer NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"coefficient" double precision NOT NULL,
	"mu_before" double precision NOT NULL,
	"sigma2_before" double precision NOT NULL,
	"mu_after" double precision NOT NULL,
	"sigma2_after" double precision NOT NULL,
	CONSTRAINT "rating_changes_round_id_key_pk" PRIMARY KEY("round_id","key")
);
--> statement-breakpoint
CREATE TABLE "rating_maps" (
	"round_id" integer PRIMARY KEY NOT NULL,
	"community_id" integer NOT NULL,
	"match_id" integer,
	"map" text NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"expected" double precision,
	"first_points" smallint
);
--> statement-breakpoint
ALTER TABLE "rating_changes" ADD CONSTRAINT "rating_changes_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_changes" ADD CONSTRAINT "rating_changes_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_maps" ADD CONSTRAINT "rating_maps_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_maps" ADD CONSTRAINT "rating_maps_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rating_changes_key_idx" ON "rating_changes" USING btree ("community_id","key","ended_at");--> statement-breakpoint
CREATE INDEX "rating_maps_community_idx" ON "rating_maps" USING btree ("community_id","ended_at");