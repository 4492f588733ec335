CREATE TABLE "import_undo" (
	"import_id" uuid PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"rows" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "removed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "removed_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_undo" ADD CONSTRAINT "import_undo_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_rows_preview_idx" ON "import_rows" USING btree ("import_id",(jsonb_array_length("errors") > 0) DESC,"line");--> statement-breakpoint
CREATE INDEX "import_rows_import_key_idx" ON "import_rows" USING btree ("import_id",lower("device_key"));