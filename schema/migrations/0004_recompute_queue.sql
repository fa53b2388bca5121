CREATE TABLE "recompute_queue" (
	"round_id" integer PRIMARY KEY NOT NULL,
	"queued_at" timestamp with time zone NOT NULL
);
