import type { RowResult } from "./command";
import { detectDialect, type FileDialect } from "./dialects/detect";
import type { ImportContext } from "./dialects/context";
import { refuse, tooManyRows, type FileRefusal, type Result } from "./refusal";
import { readSheet, type Sheet, type SheetRow } from "./read";
import { checkAcrossRows } from "./validate/cross-rows";
import { checkAgainstDatabase, type ImportLookup } from "./validate/lookup";

export type ImportSummary = {
  total: number;
  valid: number;
  invalid: number;
  withWarnings: number;
  creates: number;
  updates: number;
  deletes: number;
  upserts: number;
};

export type ValidatedImport = {
  dialect: FileDialect;
  format: Sheet["format"];
  header: string[];
  headerLine: number;
  rows: RowResult[];
  summary: ImportSummary;
};

export function summarize(rows: RowResult[]): ImportSummary {
  const valid = rows.filter((r) => r.change !== null);
  const count = (op: RowResult["operation"]) => valid.filter((r) => r.operation === op).length;
  return {
    total: rows.length,
    valid: valid.length,
    invalid: rows.length - valid.length,
    withWarnings: rows.filter((r) => r.warnings.length > 0).length,
    creates: count("create"),
    updates: count("update"),
    deletes: count("delete"),
    upserts: count("upsert_credentials"),
  };
}

/** What the reader found wrong with a line makes the row invalid, whatever its cells say. */
function withReadIssues(result: RowResult, row: SheetRow): RowResult {
  if (!row.issues?.length) return result;
  return { ...result, errors: [...row.issues, ...result.errors], change: null };
}

/** Rows of an already-read sheet: dialect, row limit, each row, across rows, then the database. */
export async function validateSheet(sheet: Sheet, context: ImportContext, lookup: ImportLookup): Promise<Result<ValidatedImport, FileRefusal>> {
  const detected = detectDialect(sheet, context);
  if (!detected.ok) return detected;
  const { dialect, parser } = detected.value;
  const dataRows = parser.dataRows(sheet.rows);
  const max = context.limits.maxRows;
  if (dataRows.length > max) {
    return { ok: false, error: tooManyRows(max) };
  }
  if (dataRows.length === 0) return { ok: false, error: refuse("NO_DATA_ROWS", "The file has a header but no device rows. Fill in one device per row and upload it again.") };
  const rows = dataRows.map((row) => withReadIssues(parser.parse(row), row));
  checkAcrossRows(rows);
  await checkAgainstDatabase(rows, context, lookup);
  return { ok: true, value: { dialect, format: sheet.format, header: sheet.header.cells, headerLine: sheet.header.line, rows, summary: summarize(rows) } };
}

/** A file from bytes to checked rows, refusing unsafe or unrecognised files whole. */
export async function validateFile(bytes: Uint8Array, context: ImportContext, lookup: ImportLookup): Promise<Result<ValidatedImport, FileRefusal>> {
  const sheet = readSheet(bytes, context.limits);
  if (!sheet.ok) return sheet;
  return validateSheet(sheet.value, context, lookup);
}
