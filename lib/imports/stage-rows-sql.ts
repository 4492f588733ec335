import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { stagedRow } from "./stage";

/** Rows per staging statement: one JSON parameter each (about 1 KB a row). */
export const STAGE_CHUNK = 5000;

/**
 * Staged rows in one statement per chunk, as jsonb_to_recordset of one JSON parameter: the same
 * SQL on PGlite and PostgreSQL. Drizzle's multi-row VALUES bound 8 parameters per row and built a
 * statement of 500 rows at a time; this is one JSON.stringify per 5,000 rows (measured in bench/commit.ts).
 */
export async function insertStagedRows<T>(db: DbOrTx, importId: string, rows: T[], toStaged: (row: T) => ReturnType<typeof stagedRow>) {
  // Each chunk made into stored rows only when its turn comes: the process holds one chunk of them, not the file's.
  for (let i = 0; i < rows.length; i += STAGE_CHUNK) {
    const chunk = rows.slice(i, i + STAGE_CHUNK).map(toStaged).map((r) => ({
      line: r.line,
      operation: r.operation,
      device_key: r.deviceKey,
      cells: r.cells,
      sealed_cells: r.sealedCells,
      errors: r.errors,
      warnings: r.warnings,
      conversions: r.conversions,
      checked: r.checked,
      sealed_change: r.sealedChange,
      before_image: r.beforeImage,
      changes: r.changes,
    }));
    await db.execute(sql`
      INSERT INTO import_rows (import_id, line, operation, device_key, cells, sealed_cells, errors, warnings, conversions, checked, sealed_change, before_image, changes)
      SELECT ${importId}::uuid, x.line, x.operation::operation, x.device_key, x.cells, x.sealed_cells, x.errors, x.warnings,
        coalesce(x.conversions, '[]'), x.checked, x.sealed_change, x.before_image, x.changes
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        AS x(line int, operation text, device_key text, cells jsonb, sealed_cells text, errors jsonb, warnings jsonb,
          conversions jsonb, checked jsonb, sealed_change text, before_image jsonb, changes jsonb)`);
  }
}
