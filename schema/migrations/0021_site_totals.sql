CREATE TABLE "player_weapon_totals" (
	"community_id" integer NOT NULL,
	"guid" text NOT NULL,
	"weapon" smallint NOT NULL,
	"rounds" integer NOT NULL,
	"kills" integer NOT NULL,
	"deaths" integer NOT NULL,
	"hits" integer NOT NULL,
	"shots" integer NOT NULL,
	"headshots" integer NOT NULL,
	"ranked_rounds" integer NOT NULL,
	"ranked_kills" integer NOT NULL,
	"ranked_deaths" integer NOT NULL,
	"ranked_hits" integer NOT NULL,
	"ranked_shots" integer NOT NULL,
	"ranked_headshots" integer NOT NULL,
	CONSTRAINT "player_weapon_totals_community_id_guid_weapon_pk" PRIMARY KEY("community_id","guid","weapon")
);
--> statement-breakpoint
CREATE TABLE "weapon_months" (
	"community_id" integer NOT NULL,
	"month" text NOT NULL,
	"weapon" smallint NOT NULL,
	"rounds" integer NOT NULL,
	CONSTRAINT "weapon_months_community_id_month_weapon_pk" PRIMARY KEY("community_id","month","weapon")
);
--> statement-breakpoint
CREATE TABLE "rating_current" (
	"community_id" integer NOT NULL,
	"key" text NOT NULL,
	"round_id" integer NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"mu" double precision NOT NULL,
	"sigma2" double precision NOT NULL,
	"maps" integer NOT NULL,
	CONSTRAINT "rating_current_community_id_key_pk" PRIMARY KEY("community_id","key")
);
--> statement-breakpoint
ALTER TABLE "player_weapon_totals" ADD CONSTRAINT "player_weapon_totals_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weapon_months" ADD CONSTRAINT "weapon_months_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rating_current" ADD CONSTRAINT "rating_current_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "player_weapon_totals_weapon_idx" ON "player_weapon_totals" USING btree ("community_id","weapon");