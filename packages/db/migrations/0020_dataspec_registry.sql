CREATE TABLE "dataspec_keys" (
	"data_key" text PRIMARY KEY NOT NULL,
	"data_no" text NOT NULL,
	"project_key" text NOT NULL,
	"notice_id" text NOT NULL,
	"present" boolean NOT NULL,
	"tender_project_code" text,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataspec_messages" (
	"sequence" bigint NOT NULL,
	"position" integer NOT NULL,
	"data_key" text NOT NULL,
	"data_no" text NOT NULL,
	"project_key" text NOT NULL,
	"notice_id" text NOT NULL,
	"version" integer NOT NULL,
	"outcome" text NOT NULL,
	"data_type" text,
	"reasons" jsonb,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dataspec_messages_sequence_position_pk" PRIMARY KEY("sequence","position")
);
--> statement-breakpoint
CREATE INDEX "dataspec_keys_tender_project_idx" ON "dataspec_keys" USING btree ("tender_project_code") WHERE present and tender_project_code is not null;--> statement-breakpoint
CREATE INDEX "dataspec_messages_key_idx" ON "dataspec_messages" USING btree ("data_key","sequence");--> statement-breakpoint
CREATE INDEX "dataspec_messages_held_idx" ON "dataspec_messages" USING btree ("sequence") WHERE outcome = 'held';