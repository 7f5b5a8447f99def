CREATE TABLE "raw_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"feed" text NOT NULL,
	"source_record_id" text,
	"content_hash" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_length" integer NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"topic" text,
	"partition" integer,
	"offset" bigint,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "raw_records_feed_received_idx" ON "raw_records" USING btree ("feed","received_at");--> statement-breakpoint
CREATE INDEX "raw_records_hash_idx" ON "raw_records" USING btree ("content_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "raw_records_log_position_idx" ON "raw_records" USING btree ("topic","partition","offset");