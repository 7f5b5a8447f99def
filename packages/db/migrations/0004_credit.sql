CREATE TABLE "alert_events" (
	"alert_id" text NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"notice_id" text DEFAULT '' NOT NULL,
	"role" text DEFAULT '' NOT NULL,
	"detail" jsonb,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_events_alert_id_seq_pk" PRIMARY KEY("alert_id","seq")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"party_key" text NOT NULL,
	"credit_record_id" text NOT NULL,
	"notice_id" text NOT NULL,
	"project_key" text NOT NULL,
	"role" text NOT NULL,
	"party_name" text NOT NULL,
	"region" text NOT NULL,
	"match_level" text NOT NULL,
	"score" double precision NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"alert" jsonb NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"review_reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credit_record_events" (
	"log_topic" text NOT NULL,
	"log_partition" integer NOT NULL,
	"log_offset" bigint NOT NULL,
	"event_id" text NOT NULL,
	"record_id" text NOT NULL,
	"outcome" text NOT NULL,
	"version" integer NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_record_events_log_topic_log_partition_log_offset_pk" PRIMARY KEY("log_topic","log_partition","log_offset")
);
--> statement-breakpoint
CREATE TABLE "credit_record_versions" (
	"record_id" text NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"event_id" text NOT NULL,
	"record" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"log_topic" text NOT NULL,
	"log_partition" integer NOT NULL,
	"log_offset" bigint NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_record_versions_record_id_version_pk" PRIMARY KEY("record_id","version")
);
--> statement-breakpoint
CREATE TABLE "credit_records" (
	"id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"list_type" text NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_name" text NOT NULL,
	"name_key" text NOT NULL,
	"credit_code" text,
	"organization_code" text,
	"masked_person_id" text,
	"authority" text NOT NULL,
	"authority_region" text,
	"decision_date" timestamp with time zone NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"record" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"first_stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alert_events_sighting_idx" ON "alert_events" USING btree ("alert_id","notice_id","role") WHERE kind in ('raised', 'sighted');--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_party_record_idx" ON "alerts" USING btree ("party_key","credit_record_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "alerts_status_raised_idx" ON "alerts" USING btree ("status","raised_at");--> statement-breakpoint
CREATE INDEX "alerts_notice_idx" ON "alerts" USING btree ("notice_id");--> statement-breakpoint
CREATE INDEX "alerts_record_idx" ON "alerts" USING btree ("credit_record_id");--> statement-breakpoint
CREATE INDEX "credit_record_events_record_idx" ON "credit_record_events" USING btree ("record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_record_versions_log_position_idx" ON "credit_record_versions" USING btree ("log_topic","log_partition","log_offset");--> statement-breakpoint
CREATE INDEX "credit_records_credit_code_idx" ON "credit_records" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "credit_records_name_key_idx" ON "credit_records" USING btree ("name_key");--> statement-breakpoint
CREATE INDEX "credit_records_list_type_idx" ON "credit_records" USING btree ("list_type","decision_date");