CREATE TABLE "announcements" (
	"channel_id" text NOT NULL,
	"kind" text NOT NULL,
	"subject_id" bigint NOT NULL,
	"claimed_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone,
	"message_id" text,
	"refusal" text,
	CONSTRAINT "announcements_channel_id_kind_subject_id_pk" PRIMARY KEY("channel_id","kind","subject_id"),
	CONSTRAINT "announcements_kind_check" CHECK ("announcements"."kind" in ('round', 'map', 'channel'))
);
