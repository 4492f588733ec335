ALTER TABLE "imports" ADD COLUMN "encoding" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "file_warnings" jsonb DEFAULT '[]'::jsonb NOT NULL;