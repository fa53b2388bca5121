CREATE TABLE "session_team_names" (
	"community_id" integer NOT NULL,
	"session_id" bigint NOT NULL,
	"team" text NOT NULL,
	"name" text NOT NULL,
	"by_user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_team_names_community_id_session_id_team_pk" PRIMARY KEY("community_id","session_id","team")
);
--> statement-breakpoint
ALTER TABLE "session_team_names" ADD CONSTRAINT "session_team_names_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;