import type { ImportLimits } from "../limits";
import { refuse, tooManyRows, type FileRefusal } from "../refusal";
import { ROW_SLACK, type Sheet } from "./sheet";
import { findMacroContentType, readCoreProperties, readRelationships, readSharedStrings, readStyles, readWorkbook } from "./xlsx/parts";
import { sheetDataHandler } from "./xlsx/sheet-data";
import { StopReading } from "./xlsx/xml";
import { ZipParts } from "./xlsx/zip";
import { guardXlsxZip, macroWorkbook } from "./zip-guard";

const isType = (type: string, suffix: string) => type.endsWith(`/${suffix}`);

/** Row elements a sheet may hold, blank ones included: generous for templates formatted far below their data. */
export const maxRowElements = (maxRows: number) => Math.max(65_536, (maxRows + 10) * 16);

/** More texts than this cannot come from the rows a file may have (64 distinct texts a row, and never under 65,536). */
export const maxSharedStrings = (maxRows: number) => Math.max(65_536, (maxRows + 10) * 64);

/**
 * The first sheet of an .xlsx as text rows, read cached values only (no formula runs, nothing external
 * loads). Every limit applies while reading: each part is inflated a few KB at a time up to the size it
 * declares, and the read stops at the first string past the count cap, the first cell longer than Excel
 * allows, the first reference outside the grid, or the first row past the row limit.
 */
export function readXlsx(bytes: Uint8Array, limits: ImportLimits): Sheet | FileRefusal {
  const entries = guardXlsxZip(bytes, limits);
  if (!Array.isArray(entries)) return entries;
  try {
    const zip = new ZipParts(bytes, entries);
    const macro = findMacroContentType(zip);
    if (macro) return macroWorkbook(macro);

    const workbookName = "xl/workbook.xml";
    const related = readRelationships(zip, workbookName);
    const { firstSheet, date1904 } = readWorkbook(zip, workbookName);
    // Without relationships (some generators skip them), SheetJS and Excel look for the usual name.
    const sheetName = related.find((r) => r.id === firstSheet && isType(r.type, "worksheet"))?.target ?? (related.length === 0 ? "xl/worksheets/sheet1.xml" : undefined);
    if (!sheetName || !zip.has(sheetName)) return refuse("EMPTY_FILE", "The workbook has no sheet.");
    const styles = readStyles(zip, related.find((r) => isType(r.type, "styles"))?.target);
    const strings = readSharedStrings(zip, related.find((r) => isType(r.type, "sharedStrings"))?.target, maxSharedStrings(limits.maxRows));

    const { handler, rows } = sheetDataHandler({ strings, styles, date1904, maxRows: limits.maxRows + ROW_SLACK, tooManyRows: () => new StopReading(tooManyRows(limits.maxRows)),
      maxRowElements: maxRowElements(limits.maxRows),
    });
    zip.readXml(sheetName, handler);

    const [header, ...rest] = rows;
    if (!header) return refuse("EMPTY_FILE", "The first sheet of the workbook is empty.");
    const core = readRelationships(zip, "").find((r) => isType(r.type, "core-properties"))?.target ?? "docProps/core.xml";
    return { format: "xlsx", header, rows: rest, properties: readCoreProperties(zip, core) };
  } catch (error) {
    if (error instanceof StopReading && error.refusal) return error.refusal;
    throw error;
  }
}
