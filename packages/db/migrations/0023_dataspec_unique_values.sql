ALTER TABLE "dataspec_keys" ADD COLUMN "unique_values" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "dataspec_keys_unique_values_idx" ON "dataspec_keys" USING gin ("unique_values" jsonb_path_ops);--> statement-breakpoint
UPDATE "dataspec_keys" SET "unique_values" = jsonb_build_object('TENDER_PROJECT_CODE', "tender_project_code") WHERE "tender_project_code" IS NOT NULL;
