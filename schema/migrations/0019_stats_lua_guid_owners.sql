CREATE TABLE "stats_lua_guids" (
	"file_id" bigint NOT NULL,
	"server_id" integer NOT NULL,
	"guid" text NOT NULL,
	"prefix" text NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stats_lua_guids_file_id_guid_pk" PRIMARY KEY("file_id","guid")
);
--> statement-breakpoint
ALTER TABLE "stats_lua_guids" ADD CONSTRAINT "stats_lua_guids_file_id_stats_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stats_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stats_lua_guids" ADD CONSTRAINT "stats_lua_guids_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stats_lua_guids_prefix_idx" ON "stats_lua_guids" USING btree ("prefix","ended_at","guid");