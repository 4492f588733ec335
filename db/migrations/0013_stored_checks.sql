ALTER TABLE "import_rows" ADD COLUMN "checked" jsonb;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "sealed_change" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "check_fingerprint" text;--> statement-breakpoint
-- Hand-written (drizzle-kit does not track storage parameters): room on each page for the row's
-- next version, so that a commit's outcome updates are heap-only (HOT), with no index entries to
-- write. Measured on 100,000 staged rows: 2.3 s → 1.3–1.6 s, for 1.5× the table's size.
ALTER TABLE "import_rows" SET (fillfactor = 70);
