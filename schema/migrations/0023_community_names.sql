CREATE TABLE "player_community_names" (
	"community_id" integer NOT NULL,
	"guid" text NOT NULL,
	"name" text NOT NULL,
	"name_raw" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "player_community_names_community_id_guid_pk" PRIMARY KEY("community_id","guid")
);
--> statement-breakpoint
ALTER TABLE "player_community_names" ADD CONSTRAINT "player_community_names_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- What the recompute writes (worker/recompute/names.ts) for the rounds stored before this table: per community, each player's latest name and first and last round.
INSERT INTO "player_community_names" ("community_id", "guid", "name", "name_raw", "first_seen_at", "last_seen_at")
SELECT g.community_id, pr.guid, (array_agg(pr.name ORDER BY r.ended_at DESC, pr.name_raw DESC))[1], (array_agg(pr.name_raw ORDER BY r.ended_at DESC, pr.name_raw DESC))[1], min(r.ended_at), max(r.ended_at)
FROM player_rounds pr JOIN rounds r ON r.id = pr.round_id JOIN game_servers g ON g.id = r.server_id
GROUP BY g.community_id, pr.guid;
