CREATE TABLE "command_fetch_nonces" (
	"server_id" integer NOT NULL,
	"nonce" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "command_fetch_nonces_server_id_nonce_pk" PRIMARY KEY("server_id","nonce")
);
--> statement-breakpoint
ALTER TABLE "command_fetch_nonces" ADD CONSTRAINT "command_fetch_nonces_server_id_game_servers_id_fk" FOREIGN KEY ("server_id") REFERENCES "public"."game_servers"("id") ON DELETE cascade ON UPDATE no action;