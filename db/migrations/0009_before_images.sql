ALTER TABLE "devices" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "before_image" jsonb;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "changes" jsonb;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "after_version" integer;--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "outcome_code" text;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "rollback_of" uuid;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_rollback_of_imports_id_fk" FOREIGN KEY ("rollback_of") REFERENCES "public"."imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "imports_rollback_of_uq" ON "imports" USING btree ("rollback_of");--> statement-breakpoint
CREATE INDEX "imports_org_sha_idx" ON "imports" USING btree ("organization_id","file_sha256");--> statement-breakpoint
-- Every UPDATE of a device raises its version, whoever writes it: staged rows compare it to tell a device changed since the preview.
CREATE FUNCTION "devices_bump_version"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$;--> statement-breakpoint
CREATE TRIGGER "devices_bump_version" BEFORE UPDATE ON "devices" FOR EACH ROW EXECUTE FUNCTION "devices_bump_version"();
