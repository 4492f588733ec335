import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { importRows, imports, type Import, type Organization } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { rowsParam } from "./bulk-sql";
import { stagedExtras } from "./before-images";
import { rowsToRecheck } from "./edit-scope";
import { revalidateStaged, type CellEdits } from "./revalidate";
import { stagedRow } from "./stage";

/** jsonb does not keep key order (nor keys without a value): compare with keys sorted, undefined ones left out. */
const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(",")}]`
    : value && typeof value === "object"
      ? `{${Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`
      : JSON.stringify(value);
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

type RewrittenRow = {
  line: number;
  cells: Record<string, string>;
  sealed_cells: string | null;
  errors: unknown;
  warnings: unknown;
  conversions: unknown;
  operation: string;
  device_key: string | null;
  checked: unknown;
  sealed_change: string | null;
  before_image: unknown;
  changes: unknown;
};

/** Many staged rows rewritten in one statement (cells, checks, operation). */
async function updateStagedRows(db: DbOrTx, importId: string, rows: RewrittenRow[]) {
  if (rows.length === 0) return;
  await db.execute(sql`
    UPDATE import_rows AS r
    SET cells = v.cells, sealed_cells = v.sealed_cells, errors = v.errors, warnings = v.warnings, conversions = v.conversions, operation = v.operation::operation,
      device_key = v.device_key, checked = v.checked, sealed_change = v.sealed_change, before_image = v.before_image, changes = v.changes
    FROM jsonb_to_recordset(${rowsParam(rows)}) AS v(line int, cells jsonb, sealed_cells text, errors jsonb, warnings jsonb, conversions jsonb, operation text,
      device_key text, checked jsonb, sealed_change text, before_image jsonb, changes jsonb)
    WHERE r.import_id = ${importId} AND r.line = v.line`);
}

/** The import's counts from its rows (an edit that checked only some rows cannot count them all). */
async function countRows(db: DbOrTx, importId: string) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      invalid: sql<number>`(count(*) filter (where not ${importRows.removed} and jsonb_array_length(${importRows.errors}) > 0))::int`,
      removed: sql<number>`(count(*) filter (where ${importRows.removed}))::int`,
    })
    .from(importRows)
    .where(eq(importRows.importId, importId));
  const { total, invalid, removed } = row!;
  return { totalRows: total, validRows: total - invalid - removed, invalidRows: invalid, removedRows: removed };
}

/**
 * The one revalidation every edit ends with: the rows the edit can change (edit-scope.ts: the
 * touched rows and those sharing a key with them; all rows when a check spans more) are checked
 * again with the edits applied, so that duplicates and case warnings across rows are right, and
 * only the rows whose cells or checks changed are written back, in one statement, with the counts.
 */
export async function rewriteStaged({
  db,
  staged,
  organization,
  isPlatformAdmin,
  edits,
  touched,
  keysBefore,
  secrets,
}: {
  db: DbOrTx;
  staged: Import;
  organization: Organization;
  isPlatformAdmin: boolean;
  edits: CellEdits;
  /** Lines the edit changed (cells, removed or restored), and their device keys before it. */
  touched: number[];
  keysBefore: (string | null)[];
  secrets: SecretBox;
}) {
  const lines = await rowsToRecheck({ db, staged, organization, touched, keysBefore, edits });
  const { stored, validated, fingerprint } = await revalidateStaged({ db, staged, organization, isPlatformAdmin, edits, lines: lines ?? undefined, secrets });
  const before = new Map(stored.map((r) => [r.line, r]));
  const changedRows = validated.rows.filter((row) => {
    const old = before.get(row.line)!;
    const next = stagedRow(staged.id, row, secrets);
    return (
      edits.has(row.line) ||
      !same(old.cells, next.cells) ||
      !same(old.errors, row.errors) ||
      !same(old.warnings, row.warnings) ||
      !same(old.conversions, row.conversions) ||
      !same(old.checked, next.checked) ||
      // Sealed again with a new IV each time: a row with passwords is written whenever it is checked.
      next.sealedChange !== null ||
      old.operation !== row.operation
    );
  });
  // A changed row is previewed anew: its before-image and changes are taken again, as of now.
  const extras = await stagedExtras(db, organization.id, changedRows, staged.header);
  const changed: RewrittenRow[] = changedRows.map((row) => {
    const next = stagedRow(staged.id, row, secrets, extras.get(row.line));
    return {
      line: row.line,
      cells: next.cells,
      sealed_cells: next.sealedCells,
      errors: row.errors,
      warnings: row.warnings,
      conversions: row.conversions,
      operation: row.operation,
      device_key: row.deviceKey,
      checked: next.checked,
      sealed_change: next.sealedChange,
      before_image: next.beforeImage,
      changes: next.changes,
    };
  });
  await updateStagedRows(db, staged.id, changed);
  // valid + invalid + removed = total: a removed row still counts, as skipped.
  // Checked against something else than when staged (a model changed): the commit checks every row again.
  const checkedAgainst = fingerprint === staged.checkFingerprint ? {} : { checkFingerprint: null };
  await db.update(imports).set({ ...(await countRows(db, staged.id)), ...checkedAgainst }).where(eq(imports.id, staged.id));
  const after = new Map(validated.rows.map((r) => [r.line, r]));
  return { before, after, changedLines: changed.map((r) => r.line) };
}
