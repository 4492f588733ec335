import ExcelJS from "exceljs";
import { expect } from "vitest";
import { inverterAttributes, meterAttributes } from "./context";

export const inverter = { productKey: "INV5K", name: "5 kW String Inverter", modelName: "Solar Inverter", attributes: inverterAttributes };
export const meter = { productKey: "MTR3P", name: "Three-Phase Meter", modelName: "Smart Meter", attributes: meterAttributes };

export async function loadTemplate(bytes: Uint8Array | Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.getWorksheet("Devices")!;
}

/** The validation of a column's first and last data cells, found by the header text. */
export function validationOf(sheet: ExcelJS.Worksheet, header: string, lastRow: number) {
  const row = sheet.getRow(1).values as unknown[];
  const col = row.findIndex((v) => typeof v === "string" && v.replace(/\s*\*$/, "") === header);
  if (col < 0) throw new Error(`no column ${header}`);
  const first = sheet.getCell(3, col).dataValidation;
  expect(sheet.getCell(lastRow, col).dataValidation, `${header} row ${lastRow}`).toEqual(first);
  return first;
}

