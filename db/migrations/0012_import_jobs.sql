ALTER TYPE "public"."import_status" ADD VALUE 'queued' BEFORE 'importing';--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "claim_token" uuid;