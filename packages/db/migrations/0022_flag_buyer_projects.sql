CREATE TABLE "flag_buyer_projects" (
	"project_key" text PRIMARY KEY NOT NULL,
	"buyer_key" text NOT NULL,
	"summary" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "flag_buyer_projects_buyer_idx" ON "flag_buyer_projects" USING btree ("buyer_key");