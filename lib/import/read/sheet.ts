import type { CellConversion } from "../conversion";
import type { RowIssue } from "../issue";

/** A file as rows of text, whatever it came from. */
export type SheetRow = {
  /** 1-based line as the user sees it: the Excel row number, or the text line where the row starts. */
  line: number;
  cells: string[];
  /** What the reader could not take as written (an unclosed quote, a wrong number of values): row errors. */
  issues?: RowIssue[];
  /** Cells read as something other than their text (an Excel date cell as an ISO date). */
  conversions?: CellConversion[];
};

export type Sheet = {
  format: "xlsx" | "csv" | "json";
  /** The first non-blank row. */
  header: SheetRow;
  /** Every non-blank row after the header; blank rows are skipped but still counted in `line`. */
  rows: SheetRow[];
  separator?: "," | ";" | "\t";
  /** Text files: the encoding the bytes were decoded with (a WHATWG label, e.g. "gb18030"). */
  encoding?: string;
  /** About the whole file, shown above the preview (e.g. "the encoding was guessed"). */
  warnings?: FileWarning[];
  /** .xlsx document properties: the template writes its product key there. */
  properties?: { subject?: string; category?: string };
};

export type FileWarning = { code: "ENCODING_UNSURE"; message: string };

export const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === "");

/** Rows read past the limit before stopping: the header and a template's hint row, plus one to tell "too many". */
export const ROW_SLACK = 3;
