import { issue, type RowIssue } from "../../issue";
import { refuse } from "../../refusal";
import { isBlank, type SheetRow } from "../sheet";
import type { CellConversion } from "../../conversion";
import { TextPool } from "../text-pool";
import { cellText, unescapeOoxml, type DateStyles } from "./cells";
import { MAX_CELL_CHARS, MAX_RAW_CELL_CHARS } from "./parts";
import { corrupt, readAttributes, StopReading, type XmlHandler } from "./xml";

/** Excel's grid: 1,048,576 rows by 16,384 columns (A to XFD). */
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

export const columnName = (index: number) => {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

/** "Cell XFE5" or "Row 1048577": named, since Excel itself could never have written it. */
const outsideGrid = (what: string) =>
  new StopReading(refuse("CELL_OUTSIDE_GRID", `${what} is outside Excel's grid (rows 1 to 1,048,576, columns A to XFD), so Excel did not write this file. Save it again in Excel and upload the new file.`));

/** "B12" as column 1 and row 12; the grid's edges are checked here, before anything is placed. */
function parseReference(ref: string): { column: number; row: number } {
  let i = 0;
  let column = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // letters in either case
    if (c < 0x61 || c > 0x7a) break;
    column = column * 26 + (c - 0x60);
    if (column > MAX_COLUMN) throw outsideGrid(`Cell ${ref.slice(0, 20)}`);
  }
  const letters = i;
  let row = 0;
  for (; i < ref.length; i++) {
    const d = ref.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9 || (d === 0 && row === 0)) break;
    row = row * 10 + d;
    if (row > MAX_ROW) throw outsideGrid(`Cell ${ref.slice(0, 20)}`);
  }
  if (letters === 0 || row === 0 || i !== ref.length) throw corrupt(`a cell has the reference "${ref.slice(0, 20)}"`);
  return { column: column - 1, row };
}

const CELL_ATTRIBUTES = ["r", "t", "s"] as const;
const ROW_ATTRIBUTES = ["r"] as const;

type Options = {
  strings: string[];
  styles: DateStyles;
  date1904: boolean;
  /** Rows with content (or an error) to keep before tooManyRows stops the read. */
  maxRows: number;
  tooManyRows: () => StopReading;
  /** Row elements of any kind, blank ones included: a sheet of a million formatted empty rows is work, not data. */
  maxRowElements: number;
};

/**
 * The rows of a worksheet's <sheetData>, placed by their references as Excel places them (a row or
 * cell without a reference follows the one before it). A row or cell stored out of order or twice is
 * kept with an error at its line, never dropped or merged in silence; a reference past the grid, a
 * cell longer than Excel allows, or one row more than the limit stops the read at once.
 */
export function sheetDataHandler({ strings, styles, date1904, maxRows, tooManyRows, maxRowElements }: Options) {
  const rows: SheetRow[] = [];
  let rowElements = 0;
  let inSheetData = false;
  let inRow = false;
  let lastRow = 0;
  let line = 0;
  let cells: string[] = [];
  let issues: RowIssue[] = [];
  let conversions: CellConversion[] = [];
  let lastColumn = -1;
  // The cell being read.
  let column = -1;
  let type = "n";
  let style = 0;
  let value = "";
  let inInline = false;
  let phonetic = 0;
  const pool = new TextPool();
  // Filled anew for every tag: a sheet has a million cells, and each would otherwise get its own array.
  const attributeValues: (string | undefined)[] = [undefined, undefined, undefined];

  const cellName = () => `${columnName(column)}${line}`;
  const tooLong = () =>
    new StopReading(refuse("CELL_TOO_LONG", `Cell ${cellName()} holds more than ${MAX_CELL_CHARS.toLocaleString("en-US")} characters, more than an Excel cell can hold. Shorten it and upload the file again.`));
  const handler: XmlHandler = {
    collecting: false,
    open(tag, attributes) {
      if (!inSheetData) {
        if (tag === "sheetData") inSheetData = true;
        return;
      }
      switch (tag) {
        case "row": {
          if (++rowElements > maxRowElements) {
            const n = maxRowElements.toLocaleString("en-US");
            throw new StopReading(
              refuse("TOO_MANY_ROWS", `The sheet has more than ${n} rows, most of them empty (formatted, but blank). Delete the empty rows below your data, save the file and upload it again.`),
            );
          }
          const r = readAttributes(attributes, ROW_ATTRIBUTES, attributeValues)[0];
          if (r === undefined) line = lastRow + 1;
          else if (!/^[1-9][0-9]*$/.test(r)) throw corrupt(`a row has the number "${r.slice(0, 20)}"`);
          else line = r.length > 7 ? Infinity : Number(r);
          if (line > MAX_ROW) throw outsideGrid(`Row ${r ?? line}`);
          cells = [];
          // A row's lists are new only once the row before handed its own over: most rows have neither.
          if (issues.length > 0) issues = [];
          if (conversions.length > 0) conversions = [];
          lastColumn = -1;
          inRow = true;
          if (line <= lastRow) {
            issues.push(
              issue(null, "OUT_OF_ORDER", line === lastRow ? `Row ${line} appears twice in the sheet: Excel cannot tell which one holds the data. Save the file again in Excel and upload the new file.` : `Row ${line} is stored after row ${lastRow}: Excel cannot place it. Save the file again in Excel and upload the new file.`),
            );
          } else lastRow = line;
          return;
        }
        case "c": {
          if (!inRow) throw corrupt("a cell stands outside any row");
          const [r, t, s] = readAttributes(attributes, CELL_ATTRIBUTES, attributeValues);
          if (r === undefined) {
            column = lastColumn + 1;
            if (column >= MAX_COLUMN) throw outsideGrid(`Cell ${columnName(column)}${line}`);
          } else {
            const ref = parseReference(r);
            column = ref.column;
            if (ref.row !== line) issues.push(issue(null, "OUT_OF_ORDER", `Cell ${r} is stored in row ${line}: Excel cannot place it. Save the file again in Excel and upload the new file.`));
            else if (column <= lastColumn) issues.push(issue(null, "OUT_OF_ORDER", `Cell ${r} is stored after cell ${columnName(lastColumn)}${line}: Excel cannot place it. Save the file again in Excel and upload the new file.`));
          }
          lastColumn = Math.max(lastColumn, column);
          type = t ?? "n";
          style = s === undefined ? 0 : Number(s);
          value = "";
          return;
        }
        case "v":
          handler.collecting = !inInline;
          return;
        case "is":
          inInline = true;
          return;
        case "rPh":
          phonetic++;
          return;
        case "t":
          handler.collecting = inInline && phonetic === 0;
          return;
      }
    },
    close(tag) {
      if (!inSheetData) return;
      switch (tag) {
        case "v":
        case "t":
          handler.collecting = false;
          return;
        case "is":
          inInline = false;
          return;
        case "rPh":
          phonetic--;
          return;
        case "c": {
          let text: string;
          if (type === "s") {
            const index = Number(value);
            if (value === "") text = "";
            else if (!Number.isInteger(index) || index < 0 || index >= strings.length) throw corrupt(`cell ${cellName()} points at a text the workbook does not have`);
            else text = strings[index]!;
          } else {
            const dateStyle = type === "n" && styles.isDate(style);
            text = cellText(type, type === "inlineStr" || type === "str" ? unescapeOoxml(value) : value, dateStyle, date1904);
            // A date cell is a number shown as a date: it is read as the date, and says so.
            if (dateStyle && text !== value && (cells[column] === undefined || cells[column] === "")) {
              conversions.push({ index: column, kind: "excel_date", from: styles.display(style, Number(value), date1904, text) });
            }
          }
          if (text.length > MAX_CELL_CHARS) throw tooLong();
          if (text !== "" && (cells[column] === undefined || cells[column] === "")) cells[column] = type === "s" ? text : pool.keep(column, text);
          return;
        }
        case "row": {
          inRow = false;
          for (let c = 0; c < cells.length; c++) cells[c] ??= "";
          if (issues.length > 0 || !isBlank(cells)) {
            const row: SheetRow = { line, cells };
            if (issues.length > 0) row.issues = issues;
            if (conversions.length > 0) row.conversions = conversions;
            rows.push(row);
            if (rows.length > maxRows) throw tooManyRows();
          }
          return;
        }
        case "sheetData":
          throw new StopReading(null);
      }
    },
    text(piece) {
      if (value.length + piece.length > MAX_RAW_CELL_CHARS) throw tooLong();
      value += piece;
    },
  };
  return { handler, rows };
}
