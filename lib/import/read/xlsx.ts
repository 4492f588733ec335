import * as XLSX from "xlsx";
import { refuse, type FileRefusal } from "../refusal";
import type { Sheet, SheetRow } from "./sheet";
import { isBlank } from "./sheet";

type Cell = XLSX.CellObject;

/** Excel's error codes as the text a cell shows (cellText is off, so SheetJS gives only the code). */
const EXCEL_ERRORS: Record<number, string> = { 0: "#NULL!", 7: "#DIV/0!", 15: "#VALUE!", 23: "#REF!", 29: "#NAME?", 36: "#NUM!", 42: "#N/A", 43: "#GETTING_DATA" };

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** An Excel date serial (date cells store numbers) as ISO: a date, or a date-time when it has a time. */
function excelDateToIso(serial: number, date1904: boolean): string | null {
  const parts = XLSX.SSF.parse_date_code(serial, { date1904 });
  if (!parts) return null;
  const date = `${pad(parts.y, 4)}-${pad(parts.m)}-${pad(parts.d)}`;
  if (parts.H === 0 && parts.M === 0 && parts.S === 0 && Number.isInteger(serial)) return date;
  return `${date}T${pad(parts.H)}:${pad(parts.M)}:${pad(Math.round(parts.S))}`;
}

/**
 * A cell as the text the user typed: text cells raw, booleans as true/false, date-formatted numbers
 * as ISO dates. Numbers too large to hold exactly are written in scientific form (e.g. "8.988303000123457E+18"),
 * so that a long ID typed into a number cell fails validation instead of silently losing digits.
 */
function cellText(cell: Cell | undefined, date1904: boolean): string {
  if (!cell || cell.v === undefined || cell.v === null) return "";
  switch (cell.t) {
    case "s":
      return String(cell.v);
    case "b":
      return cell.v ? "true" : "false";
    case "e":
      return typeof cell.v === "number" ? (EXCEL_ERRORS[cell.v] ?? "#ERROR") : String(cell.v);
    case "d":
      return cell.v instanceof Date ? cell.v.toISOString() : String(cell.v);
    case "n": {
      const value = cell.v as number;
      if (cell.z && XLSX.SSF.is_date(cell.z)) return excelDateToIso(value, date1904) ?? String(value);
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) return value.toExponential().toUpperCase();
      return String(value);
    }
    default:
      return cell.w ?? String(cell.v);
  }
}

/** The first sheet of an .xlsx, read cached values only: no formula runs, nothing external loads. */
export function readXlsx(bytes: Uint8Array, maxRows: number): Sheet | FileRefusal {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(bytes, {
      type: "buffer",
      dense: true,
      sheets: 0,
      cellFormula: false,
      cellHTML: false,
      cellNF: true,
      // Formatting every cell's display text costs ~15% of the read; we never show Excel's text.
      cellText: false,
      cellDates: false,
      cellStyles: false,
      bookVBA: false,
    });
  } catch (error) {
    return refuse("CORRUPT_FILE", `The .xlsx file cannot be read (${error instanceof Error ? error.message : "unknown error"}). Save it again in Excel and upload the new file.`);
  }
  const name = workbook.SheetNames[0];
  const sheet = name ? workbook.Sheets[name] : undefined;
  if (!sheet) return refuse("EMPTY_FILE", "The workbook has no sheet.");
  const date1904 = !!workbook.Workbook?.WBProps?.date1904;
  // Dense rows only: never walk the declared range, which a file can set to A1:XFD1048576.
  const data = (sheet["!data"] ?? []) as (Cell[] | undefined)[];
  const rows: SheetRow[] = [];
  data.forEach((row, index) => {
    if (!row || rows.length >= maxRows) return;
    const cells: string[] = [];
    row.forEach((cell, c) => {
      cells[c] = cellText(cell, date1904);
    });
    for (let c = 0; c < cells.length; c++) cells[c] ??= "";
    if (!isBlank(cells)) rows.push({ line: index + 1, cells });
  });
  const [header, ...rest] = rows;
  if (!header) return refuse("EMPTY_FILE", "The first sheet of the workbook is empty.");
  const props = workbook.Props ?? {};
  return { format: "xlsx", header, rows: rest, properties: { subject: props.Subject, category: props.Category } };
}
