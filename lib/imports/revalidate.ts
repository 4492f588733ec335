import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { importRows, type Import, type Organization } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { readIssueCodes } from "@/lib/import/issue";
import type { Sheet } from "@/lib/import/read";
import { validateSheet } from "@/lib/import/validate-file";
import { importContextFor } from "./context";
import { databaseLookup } from "./lookup";

export type CellEdit = { line: number; column: string; value: string };

/**
 * The staged rows validated again, as they are now in the database: after a cell is edited
 * (the row and any row it duplicated change), and once more at commit time.
 */
export async function revalidateStaged({
  db,
  staged,
  organization,
  isPlatformAdmin,
  edit,
  secrets,
}: {
  db: DbOrTx;
  staged: Import;
  organization: Organization;
  isPlatformAdmin: boolean;
  edit?: CellEdit;
  secrets: SecretBox;
}) {
  const stored = await db.select().from(importRows).where(eq(importRows.importId, staged.id)).orderBy(asc(importRows.line));
  const sheet: Sheet = {
    format: staged.dialect === "enos_template" ? "xlsx" : staged.dialect === "enos_api" ? "json" : "csv",
    header: { line: staged.headerLine, cells: staged.header },
    rows: stored.map((row) => {
      // Masked password cells are validated (and committed) with their sealed values.
      const cells = row.sealedCells ? { ...row.cells, ...(JSON.parse(secrets.open(row.sealedCells)) as Record<string, string>) } : row.cells;
      const edited = edit && row.line === edit.line;
      // What reading found stays with the row (its cells no longer show it): a cell's until the user
      // edits that cell; the whole line's (a broken quote, values lost or missing) until the file is fixed.
      const issues = row.errors.filter((e) => readIssueCodes.has(e.code) && !(edited && e.column !== null && e.column === edit.column));
      // So do its conversions ("yes" read as true, a date cell): the cell now holds the converted value.
      const conversions = row.conversions.flatMap((c) => {
        const index = staged.header.findIndex((h) => h.trim() === c.column);
        return index < 0 || (edited && c.column === edit.column) ? [] : [{ index, kind: c.kind, from: c.from }];
      });
      return { line: row.line, cells: staged.header.map((h) => (edited && h.trim() === edit.column ? edit.value : (cells[h.trim()] ?? ""))), issues, conversions };
    }),
  };
  const context = await importContextFor({ db, organization, productId: staged.productId, isPlatformAdmin });
  const validated = await validateSheet(sheet, context, databaseLookup(db, organization.id));
  if (!validated.ok) throw new Error(`staged import ${staged.id} no longer reads: ${validated.error.message}`);
  return { stored, validated: validated.value };
}
