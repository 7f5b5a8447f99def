ALTER TABLE "notices" ADD COLUMN "amount_yuan" numeric;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "disclosure_days" integer GENERATED ALWAYS AS (("published_at" at time zone interval '+08:00')::date - ("formed_at" at time zone interval '+08:00')::date) STORED;--> statement-breakpoint
CREATE INDEX "notices_amount_published_idx" ON "notices" USING btree ("amount_yuan","published_at","id");--> statement-breakpoint
CREATE INDEX "notices_late_candidates_idx" ON "notices" USING btree ("published_at","id") WHERE "notices"."disclosure_days" > 20;--> statement-breakpoint
CREATE INDEX "notices_missing_fields_idx" ON "notices" USING btree ("published_at","id") WHERE "notices"."missing_fields" <> '[]'::jsonb;