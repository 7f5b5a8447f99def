CREATE TABLE "bus_offsets" (
	"consumer_group" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"committed_offset" bigint NOT NULL,
	"committed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bus_offsets_consumer_group_topic_partition_pk" PRIMARY KEY("consumer_group","topic","partition")
);
--> statement-breakpoint
CREATE TABLE "bus_partitions" (
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"next_offset" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bus_partitions_topic_partition_pk" PRIMARY KEY("topic","partition")
);
--> statement-breakpoint
CREATE TABLE "bus_records" (
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"offset" bigint NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"appended_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bus_records_topic_partition_offset_pk" PRIMARY KEY("topic","partition","offset")
);
--> statement-breakpoint
CREATE TABLE "dlq_entries" (
	"log_topic" text NOT NULL,
	"log_partition" integer NOT NULL,
	"log_offset" bigint NOT NULL,
	"id" text NOT NULL,
	"centre" text NOT NULL,
	"feed" text NOT NULL,
	"source_record_id" text,
	"stage" text NOT NULL,
	"errors" jsonb NOT NULL,
	"first_rule" text NOT NULL,
	"content_type" text NOT NULL,
	"format" text NOT NULL,
	"content_hash" text NOT NULL,
	"body" "bytea" NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"failed_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dlq_entries_log_topic_log_partition_log_offset_pk" PRIMARY KEY("log_topic","log_partition","log_offset")
);
--> statement-breakpoint
CREATE TABLE "dlq_replays" (
	"entry_topic" text NOT NULL,
	"entry_partition" integer NOT NULL,
	"entry_offset" bigint NOT NULL,
	"replayed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"notice_id" text,
	"version" integer,
	"errors" jsonb,
	CONSTRAINT "dlq_replays_entry_topic_entry_partition_entry_offset_replayed_at_pk" PRIMARY KEY("entry_topic","entry_partition","entry_offset","replayed_at")
);
--> statement-breakpoint
CREATE TABLE "raw_records" (
	"log_topic" text NOT NULL,
	"log_partition" integer NOT NULL,
	"log_offset" bigint NOT NULL,
	"record_id" text NOT NULL,
	"centre" text NOT NULL,
	"feed" text NOT NULL,
	"source_record_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"content_type" text NOT NULL,
	"format" text NOT NULL,
	"byte_length" integer NOT NULL,
	"body" "bytea" NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "raw_records_log_topic_log_partition_log_offset_pk" PRIMARY KEY("log_topic","log_partition","log_offset")
);
--> statement-breakpoint
CREATE TABLE "notice_events" (
	"log_topic" text NOT NULL,
	"log_partition" integer NOT NULL,
	"log_offset" bigint NOT NULL,
	"event_id" text NOT NULL,
	"notice_id" text NOT NULL,
	"outcome" text NOT NULL,
	"version" integer NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_events_log_topic_log_partition_log_offset_pk" PRIMARY KEY("log_topic","log_partition","log_offset")
);
--> statement-breakpoint
CREATE TABLE "notice_parties" (
	"notice_id" text NOT NULL,
	"version" integer NOT NULL,
	"party_key" text NOT NULL,
	"role" text NOT NULL,
	"lot_code" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"rank" integer,
	CONSTRAINT "notice_parties_notice_id_version_party_key_role_lot_code_pk" PRIMARY KEY("notice_id","version","party_key","role","lot_code")
);
--> statement-breakpoint
CREATE TABLE "notice_versions" (
	"notice_id" text NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"event_id" text NOT NULL,
	"domain" text NOT NULL,
	"stage" text NOT NULL,
	"project_key" text NOT NULL,
	"title" text NOT NULL,
	"region" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"formed_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"source" jsonb NOT NULL,
	"notice" jsonb NOT NULL,
	"raw_hash" text NOT NULL,
	"log_topic" text NOT NULL,
	"log_partition" integer NOT NULL,
	"log_offset" bigint NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_versions_notice_id_version_pk" PRIMARY KEY("notice_id","version")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"domain" text NOT NULL,
	"stage" text NOT NULL,
	"project_key" text NOT NULL,
	"title" text NOT NULL,
	"region" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"formed_at" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL,
	"source" jsonb NOT NULL,
	"notice" jsonb NOT NULL,
	"missing_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"first_stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parties" (
	"party_key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_key" text NOT NULL,
	"credit_code" text,
	"kind" text NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_stages" (
	"project_key" text NOT NULL,
	"notice_id" text NOT NULL,
	"version" integer NOT NULL,
	"stage" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_stages_project_key_notice_id_version_pk" PRIMARY KEY("project_key","notice_id","version")
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"project_key" text PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"project_code" text,
	"project_name" text,
	"region" text NOT NULL,
	"current_stage" text NOT NULL,
	"first_published_at" timestamp with time zone NOT NULL,
	"last_published_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dlq_entries_feed_idx" ON "dlq_entries" USING btree ("feed","failed_at");--> statement-breakpoint
CREATE INDEX "dlq_entries_id_idx" ON "dlq_entries" USING btree ("id");--> statement-breakpoint
CREATE INDEX "raw_records_record_idx" ON "raw_records" USING btree ("record_id","received_at");--> statement-breakpoint
CREATE INDEX "raw_records_feed_received_idx" ON "raw_records" USING btree ("feed","received_at");--> statement-breakpoint
CREATE INDEX "raw_records_hash_idx" ON "raw_records" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "notice_events_notice_idx" ON "notice_events" USING btree ("notice_id");--> statement-breakpoint
CREATE INDEX "notice_parties_party_idx" ON "notice_parties" USING btree ("party_key");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_versions_log_position_idx" ON "notice_versions" USING btree ("log_topic","log_partition","log_offset");--> statement-breakpoint
CREATE INDEX "notice_versions_project_idx" ON "notice_versions" USING btree ("project_key","published_at");--> statement-breakpoint
CREATE INDEX "notices_project_idx" ON "notices" USING btree ("project_key","published_at");--> statement-breakpoint
CREATE INDEX "notices_domain_stage_published_idx" ON "notices" USING btree ("domain","stage","published_at");--> statement-breakpoint
CREATE INDEX "notices_region_published_idx" ON "notices" USING btree ("region","published_at");--> statement-breakpoint
CREATE INDEX "notices_published_idx" ON "notices" USING btree ("published_at","id");--> statement-breakpoint
CREATE INDEX "parties_name_key_idx" ON "parties" USING btree ("name_key");--> statement-breakpoint
CREATE INDEX "parties_credit_code_idx" ON "parties" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "projects_region_idx" ON "projects" USING btree ("region","last_published_at");