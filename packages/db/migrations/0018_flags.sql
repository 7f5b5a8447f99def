CREATE TABLE "flag_events" (
	"flag_id" text NOT NULL,
	"seq" integer NOT NULL,
	"change" text NOT NULL,
	"cause" text NOT NULL,
	"flag" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flag_events_flag_id_seq_pk" PRIMARY KEY("flag_id","seq")
);
--> statement-breakpoint
CREATE TABLE "flags" (
	"id" text PRIMARY KEY NOT NULL,
	"indicator" text NOT NULL,
	"scope" text NOT NULL,
	"project_keys" text[] NOT NULL,
	"lot_code" text DEFAULT '' NOT NULL,
	"buyer_key" text,
	"buyer_name" text,
	"party_keys" text[] NOT NULL,
	"domain" text NOT NULL,
	"region" text NOT NULL,
	"status" text NOT NULL,
	"seq" integer NOT NULL,
	"flag" jsonb NOT NULL,
	"evidence_hash" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"raised_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "flags_project_keys_idx" ON "flags" USING gin ("project_keys");--> statement-breakpoint
CREATE INDEX "flags_party_keys_idx" ON "flags" USING gin ("party_keys");--> statement-breakpoint
CREATE INDEX "flags_buyer_idx" ON "flags" USING btree ("buyer_key","indicator");--> statement-breakpoint
CREATE INDEX "flags_indicator_observed_idx" ON "flags" USING btree ("indicator","observed_at","id");--> statement-breakpoint
CREATE INDEX "flags_observed_idx" ON "flags" USING btree ("observed_at","id");--> statement-breakpoint
CREATE INDEX "flags_region_observed_idx" ON "flags" USING btree ("region","observed_at");--> statement-breakpoint
-- A flag's history is append-only (全程留痕), like alert events (0005).
CREATE TRIGGER flag_events_append_only BEFORE UPDATE OR DELETE ON flag_events
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER flag_events_no_truncate BEFORE TRUNCATE ON flag_events
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
