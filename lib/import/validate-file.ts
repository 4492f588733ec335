import type { RowResult } from "./command";
import type { RowIssue } from "./issue";
import { detectDialect, type FileDialect } from "./dialects/detect";
import type { ImportContext } from "./dialects/context";
import { refuse, tooManyRows, type FileRefusal, type Result } from "./refusal";
import { readSheet, type ReadOptions, type Sheet, type SheetRow } from "./read";
import { controlCharacterIssue, hasControlCharacter, showControls } from "./read/cell-limits";
import type { RowParser } from "./dialects/enos-template";
import { checkAcrossRows } from "./validate/cross-rows";
import { checkRowRules, secretColumnsOf } from "./validate/row-rules";
import { applyMapping, type ColumnMapping } from "./mapping/mapping";
import { needsMapping } from "./mapping/foreign";
import { mappable } from "./mapping/limits";
import { mappingTargets } from "./mapping/targets";
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
  const byOperation: Record<RowResult["operation"], number> = { create: 0, update: 0, delete: 0, upsert_credentials: 0 };
  let valid = 0;
  let withWarnings = 0;
  for (const row of rows) {
    if (row.warnings.length > 0) withWarnings++;
    if (row.change === null) continue;
    valid++;
    byOperation[row.operation]++;
  }
  return {
    total: rows.length,
    valid,
    invalid: rows.length - valid,
    withWarnings,
    creates: byOperation.create,
    updates: byOperation.update,
    deletes: byOperation.delete,
    upserts: byOperation.upsert_credentials,
  };
}

/** A header with control characters cannot match a dialect, but must still be storable in a refusal. */
const withVisibleHeader = (sheet: Sheet): Sheet => ({ ...sheet, header: { ...sheet.header, cells: sheet.header.cells.map(showControls) } });

/**
 * What the reader found wrong with a line, and cells holding control characters (a NUL cannot be
 * stored), make the row invalid whatever its cells say.
 */
function parseRow(parser: RowParser, row: SheetRow, header: string[]): RowResult {
  const result = parseCells(parser, row, header);
  if (!row.conversions?.length) return result;
  const read = row.conversions.map((c) => ({ column: header[c.index]?.trim() || `Column ${c.index + 1}`, kind: c.kind, from: c.from }));
  return { ...result, conversions: [...read, ...result.conversions] };
}

function parseCells(parser: RowParser, row: SheetRow, header: string[]): RowResult {
  let controls: RowIssue[] | null = null;
  for (let i = 0; i < row.cells.length; i++) {
    const value = row.cells[i]!;
    // The column is named only for a cell that has a control character: most cells have none.
    if (hasControlCharacter(value)) (controls ??= []).push(controlCharacterIssue(header[i]?.trim() || `Column ${i + 1}`, value)!);
  }
  const found = controls ? [...(row.issues ?? []), ...controls] : row.issues;
  if (!found || found.length === 0) return parser.parse(row);
  // The cells are kept with their controls made visible: PostgreSQL cannot store a NUL.
  const result = parser.parse({ ...row, cells: row.cells.map(showControls) });
  // A cell that was not read as written says so once: not also what its stand-in value breaks.
  const unread = new Set(found.map((i) => i.column).filter((c) => c !== null));
  return { ...result, errors: [...found, ...result.errors.filter((e) => e.column === null || !unread.has(e.column))], change: null };
}

/** Two rows on one line cannot both be the row the user sees there (a damaged or crafted sheet). */
function repeatedLine(rows: SheetRow[]): number | null {
  const seen = new Set<number>();
  for (const row of rows) {
    if (seen.has(row.line)) return row.line;
    seen.add(row.line);
  }
  return null;
}

/**
 * The console's upload may map a foreign header: `offer` answers NEEDS_MAPPING (with the header,
 * samples and suggestions) instead of UNKNOWN_DIALECT; `apply` reads the file through a mapping.
 * The APIs pass neither: each takes only its own format.
 */
export type MappingRequest = { offer?: boolean; apply?: ColumnMapping };

/** A sheet's rows checked on their own and against each other: everything but the database. */
export type CheckedSheet = Omit<ValidatedImport, "summary"> & Pick<Sheet, "encoding" | "warnings">;

/**
 * The pure part of validation: dialect, row limit, each row, across rows. Synchronous and free of
 * I/O, so that it can run in a worker thread with a time and memory budget.
 */
export function checkSheet(input: Sheet, context: ImportContext, mapping?: MappingRequest): Result<CheckedSheet, FileRefusal> {
  const visible = withVisibleHeader(input);
  let mapped: Sheet = visible;
  if (mapping?.apply) {
    if (!context.product) return { ok: false, error: refuse("WRONG_PRODUCT", "Pick the product to import into: mapped columns fill its template.") };
    const applied = applyMapping(visible, mapping.apply, mappingTargets(context.product.attributes));
    if (!applied.ok) return applied;
    mapped = applied.value;
  }
  const detected = detectDialect(mapped, context);
  // A header of no known format is offered for mapping where the caller can show that step.
  if (!detected.ok && detected.error.code === "UNKNOWN_DIALECT" && mapping?.offer && context.product && mappable(visible.header.cells)) {
    return { ok: false, error: needsMapping(visible, context.product.attributes) };
  }
  if (!detected.ok) return detected;
  const { dialect, parser, sheet } = detected.value;
  const dataRows = parser.dataRows(sheet.rows);
  const repeated = repeatedLine(dataRows);
  if (repeated !== null) {
    return { ok: false, error: refuse("CORRUPT_FILE", `Row ${repeated} appears twice in the sheet, so it is not clear which one you see there. Open the file in Excel or LibreOffice, save it again and upload the new file.`) };
  }
  const max = context.limits.maxRows;
  if (dataRows.length > max) {
    return { ok: false, error: tooManyRows(max) };
  }
  if (dataRows.length === 0) return { ok: false, error: refuse("NO_DATA_ROWS", "The file has a header but no device rows. Fill in one device per row and upload it again.") };
  const rows = dataRows.map((row) => parseRow(parser, row, sheet.header.cells));
  const secretColumns = secretColumnsOf(sheet.header.cells);
  for (const row of rows) checkRowRules(row, context, secretColumns);
  checkAcrossRows(rows);
  return { ok: true, value: { dialect, format: sheet.format, header: sheet.header.cells, headerLine: sheet.header.line, rows, encoding: sheet.encoding, warnings: sheet.warnings } };
}

/** The rest: checks against the database (keys taken, caps), then the counts. */
export async function finishValidation(checked: CheckedSheet, context: ImportContext, lookup: ImportLookup): Promise<ValidatedImport & Pick<Sheet, "encoding" | "warnings">> {
  await checkAgainstDatabase(checked.rows, context, lookup);
  return { ...checked, summary: summarize(checked.rows) };
}

/** Rows of an already-read sheet: checked, then against the database. */
export async function validateSheet(sheet: Sheet, context: ImportContext, lookup: ImportLookup): Promise<Result<ValidatedImport & Pick<Sheet, "encoding" | "warnings">, FileRefusal>> {
  const checked = checkSheet(sheet, context);
  return checked.ok ? { ok: true, value: await finishValidation(checked.value, context, lookup) } : checked;
}

/** A file from bytes to checked rows, in this thread (tests, benchmarks); services use the worker. */
export async function validateFile(bytes: Uint8Array, context: ImportContext, lookup: ImportLookup, options?: ReadOptions): Promise<Result<ValidatedImport, FileRefusal>> {
  const sheet = readSheet(bytes, context.limits, options);
  if (!sheet.ok) return sheet;
  return validateSheet(sheet.value, context, lookup);
}
