import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { importRows, type Import, type Organization } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { readIssueCodes } from "@/lib/import/issue";
import type { Sheet } from "@/lib/import/read";
import { summarize, validateSheet } from "@/lib/import/validate-file";
import { checkFingerprint } from "./check-fingerprint";
import { importContextFor } from "./context";
import { databaseLookup } from "./lookup";

export type CellEdit = { line: number; column: string; value: string };
/** New cell values by line: what an edit (one cell or many rows) changes before the rows are checked again. */
export type CellEdits = Map<number, Record<string, string>>;

const emptyValidation = { format: "csv" as const, rows: [], summary: summarize([]) };

/**
 * The staged rows validated again, as they are now in the database: after an edit (the edited rows
 * and any row whose checks across rows depend on them change), and once more at commit time. Rows
 * the user removed are left out, so they no longer hold a key another row repeats.
 */
export async function revalidateStaged({
  db,
  staged,
  organization,
  isPlatformAdmin,
  edit,
  edits = edit ? new Map([[edit.line, { [edit.column]: edit.value }]]) : new Map(),
  lines,
  secrets,
}: {
  db: DbOrTx;
  staged: Import;
  organization: Organization;
  isPlatformAdmin: boolean;
  edit?: CellEdit;
  edits?: CellEdits;
  /** Only these rows (an edit's rows and those sharing a key with them); all rows when left out. */
  lines?: number[];
  secrets: SecretBox;
}) {
  const stored = await db
    .select()
    .from(importRows)
    .where(and(eq(importRows.importId, staged.id), lines ? sql`${importRows.line} = any(${`{${lines.join(",")}}`}::int[])` : undefined))
    .orderBy(asc(importRows.line));
  const live = stored.filter((row) => !row.removed);
  const sheet: Sheet = {
    format: staged.dialect === "enos_template" ? "xlsx" : staged.dialect === "enos_api" ? "json" : "csv",
    header: { line: staged.headerLine, cells: staged.header },
    rows: live.map((row) => {
      // Masked password cells are validated (and committed) with their sealed values.
      const cells = row.sealedCells ? { ...row.cells, ...(JSON.parse(secrets.open(row.sealedCells)) as Record<string, string>) } : row.cells;
      const edited = edits.get(row.line) ?? {};
      // What reading found stays with the row (its cells no longer show it): a cell's until the user
      // edits that cell; the whole line's (a broken quote, values lost or missing) until the file is fixed.
      const issues = row.errors.filter((e) => readIssueCodes.has(e.code) && !(e.column !== null && Object.hasOwn(edited, e.column)));
      // So do its conversions ("yes" read as true, a date cell): the cell now holds the converted value.
      const conversions = row.conversions.flatMap((c) => {
        const index = staged.header.findIndex((h) => h.trim() === c.column);
        return index < 0 || Object.hasOwn(edited, c.column) ? [] : [{ index, kind: c.kind, from: c.from }];
      });
      return { line: row.line, cells: staged.header.map((h) => (Object.hasOwn(edited, h.trim()) ? edited[h.trim()]! : (cells[h.trim()] ?? ""))), issues, conversions };
    }),
  };
  // Every row removed: nothing left to check (the core refuses a sheet without rows).
  const current = await importContextFor({ db, organization, productId: staged.productId, isPlatformAdmin });
  const fingerprint = checkFingerprint(current);
  if (live.length === 0) return { stored, fingerprint, validated: { ...emptyValidation, dialect: staged.dialect, header: staged.header, headerLine: staged.headerLine } };
  // The rows cap was checked when the file came in: a limit lowered since must not make a staged import unreadable.
  const context = { ...current, limits: { ...current.limits, maxRows: Math.max(current.limits.maxRows, live.length) } };
  const validated = await validateSheet(sheet, context, databaseLookup(db, organization.id));
  if (!validated.ok) throw new Error(`staged import ${staged.id} no longer reads: ${validated.error.message}`);
  return { stored, fingerprint, validated: validated.value };
}
