ALTER TYPE "public"."import_status" ADD VALUE 'completed_with_failures' BEFORE 'failed';--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "credential_updated_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "skipped_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "all_or_nothing" boolean DEFAULT false NOT NULL;