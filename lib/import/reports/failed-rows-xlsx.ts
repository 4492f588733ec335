import ExcelJS from "exceljs";
import type { RowIssue } from "../issue";
import { isSecretColumn } from "../secret-columns";
import { neutralize } from "./neutralize";

const BAD_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFDE2E2" } };

/**
 * The failed rows as the user wrote them, each bad cell filled red with its message attached as
 * a note, and every message in a last "Errors" column. Row order and line numbers are kept.
 * Password columns are left empty, with a note to fill them again: the console never keeps them,
 * and the mask it shows must not come back as a credential.
 */
export async function failedRowsWorkbook({
  header,
  rows,
}: {
  header: string[];
  rows: { line: number; cells: Record<string, string>; errors: RowIssue[] }[];
}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Device Import Console";
  const sheet = workbook.addWorksheet("Failed rows", { views: [{ state: "frozen", ySplit: 1, xSplit: 1 }] });
  const columns = header.map((h) => h.trim()).filter((h) => h !== "");
  sheet.addRow(["Line", ...columns, "Errors"]).eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE9EEF6" } };
  });
  const secret = new Set(columns.filter(isSecretColumn));
  for (const row of [...rows].filter((r) => r.errors.length > 0).sort((a, b) => a.line - b.line)) {
    const added = sheet.addRow([row.line, ...columns.map((c) => (secret.has(c) ? "" : neutralize(row.cells[c] ?? ""))), row.errors.map((e) => e.message).join("\n")]);
    for (const [index, column] of columns.entries()) {
      if (secret.has(column) && (row.cells[column] ?? "") !== "") {
        const cell = added.getCell(index + 2);
        cell.fill = BAD_FILL;
        cell.note = `${column} is not exported: fill it in again before you upload this file.`;
        continue;
      }
      const messages = row.errors.filter((e) => e.column === column).map((e) => e.message);
      if (messages.length === 0) continue;
      const cell = added.getCell(index + 2);
      cell.fill = BAD_FILL;
      cell.note = messages.join("\n");
    }
    added.getCell(columns.length + 2).alignment = { wrapText: true, vertical: "top" };
  }
  sheet.getColumn(1).width = 8;
  columns.forEach((c, i) => (sheet.getColumn(i + 2).width = Math.min(40, Math.max(12, c.length + 4))));
  sheet.getColumn(columns.length + 2).width = 80;
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
