import type { Sheet } from "../read/sheet";
import { normalizeHeader } from "./columns";

/**
 * The console's own exports (the failed-rows .xlsx, the errmsg-annotated file) put a "Line"
 * column first and an "Errors" column last around the file's columns. Uploaded back, those two
 * columns are ours, not the user's data: this returns the sheet without them, or null when the
 * header does not have them.
 */
export function withoutRoundTripColumns(sheet: Sheet): Sheet | null {
  const header = sheet.header.cells;
  let last = header.length - 1;
  while (last >= 0 && header[last]!.trim() === "") last--;
  const start = normalizeHeader(header[0] ?? "") === "line" ? 1 : 0;
  const end = last > start && normalizeHeader(header[last]!) === "errors" ? last : last + 1;
  if (start === 0 && end === last + 1) return null;
  const keep = (cells: string[]) => cells.slice(start, end);
  return { ...sheet, header: { ...sheet.header, cells: keep(header) }, rows: sheet.rows.map((row) => ({ ...row, cells: keep(row.cells) })) };
}
