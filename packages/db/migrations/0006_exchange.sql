CREATE TABLE "exchange_attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "exchange_attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sequence" bigint NOT NULL,
	"idempotency_key" text NOT NULL,
	"attempt" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"outcome" text NOT NULL,
	"status" integer,
	"error" text,
	"ack_id" text
);
--> statement-breakpoint
CREATE TABLE "exchange_events" (
	"channel" text NOT NULL,
	"log_topic" text NOT NULL,
	"log_partition" integer NOT NULL,
	"log_offset" bigint NOT NULL,
	"notice_id" text NOT NULL,
	"outcome" text NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_events_channel_log_topic_log_partition_log_offset_pk" PRIMARY KEY("channel","log_topic","log_partition","log_offset")
);
--> statement-breakpoint
CREATE TABLE "exchange_outbox" (
	"sequence" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"notice_id" text NOT NULL,
	"version" integer NOT NULL,
	"project_key" text NOT NULL,
	"domain" text NOT NULL,
	"stage" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL,
	"log_topic" text NOT NULL,
	"log_partition" integer NOT NULL,
	"log_offset" bigint NOT NULL,
	"payload" jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"ack_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "exchange_attempts_sequence_idx" ON "exchange_attempts" USING btree ("sequence","attempt");--> statement-breakpoint
CREATE INDEX "exchange_events_notice_idx" ON "exchange_events" USING btree ("channel","notice_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_outbox_log_position_idx" ON "exchange_outbox" USING btree ("channel","log_topic","log_partition","log_offset");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_outbox_version_idx" ON "exchange_outbox" USING btree ("channel","notice_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_outbox_idempotency_key_idx" ON "exchange_outbox" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "exchange_outbox_undelivered_idx" ON "exchange_outbox" USING btree ("channel","project_key","sequence") WHERE state <> 'delivered';--> statement-breakpoint
CREATE INDEX "exchange_outbox_notice_idx" ON "exchange_outbox" USING btree ("notice_id");--> statement-breakpoint
CREATE INDEX "exchange_outbox_published_idx" ON "exchange_outbox" USING btree ("channel","published_at");