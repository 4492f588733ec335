import { neutralize } from "./neutralize";

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** RFC 4180 CSV with a UTF-8 BOM (so Excel reads UTF-8) and every cell neutralized. */
export function csvText(rows: (string | number | null | undefined)[][]): string {
  return "\uFEFF" + rows.map((cells) => cells.map((c) => quote(neutralize(c === null || c === undefined ? "" : String(c)))).join(",")).join("\r\n") + "\r\n";
}
