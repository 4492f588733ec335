/** A file as rows of text, whatever it came from. */
export type SheetRow = {
  /** 1-based line as the user sees it: the Excel row number, or the text line where the row starts. */
  line: number;
  cells: string[];
};

export type Sheet = {
  format: "xlsx" | "csv" | "json";
  /** The first non-blank row. */
  header: SheetRow;
  /** Every non-blank row after the header; blank rows are skipped but still counted in `line`. */
  rows: SheetRow[];
  separator?: "," | ";" | "\t";
  encoding?: "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";
  /** .xlsx document properties: the template writes its product key there. */
  properties?: { subject?: string; category?: string };
};

export const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === "");
