import { neutralize } from "./neutralize";

// Every cell quoted: no reader has to guess where a cell with a separator, quote or line break ends.
const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;

/** RFC 4180 CSV with a UTF-8 BOM (so Excel reads UTF-8), every cell neutralized and quoted. */
export function csvText(rows: (string | number | null | undefined)[][]): string {
  return "\uFEFF" + rows.map((cells) => cells.map((c) => quote(neutralize(c === null || c === undefined ? "" : String(c)))).join(",")).join("\r\n") + "\r\n";
}
