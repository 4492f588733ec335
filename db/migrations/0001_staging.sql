ALTER TABLE "import_rows" ADD COLUMN "asset_id" text;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "secret_once" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "header" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "header_line" integer DEFAULT 1 NOT NULL;