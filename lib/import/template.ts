import ExcelJS from "exceljs";
import type { ModelAttribute } from "./model";
import { TEMPLATE_CATEGORY, templateColumns, type TemplateColumn } from "./template-columns";
import { columnCellValue, columnFormat, columnValidation } from "./template-validation";
import { cityTimeZones, utcOffsets } from "./validate/timezone";

export type TemplateProduct = { productKey: string; name: string; modelName: string; attributes: ModelAttribute[] };
export type TemplateDevice = { deviceKey: string; name: string; timezone: string; attributes: Record<string, unknown> };

export const templateFileName = (productKey: string) => `Template_${productKey}.xlsx`;

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE9EEF6" } };
const REQUIRED_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFDE2E2" } };
const HINT_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF7F8FA" } };

const columnLetter = (n: number) => {
  let s = "";
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};

/** A device's stored value as the template shows (and reads back) it. */
function cellValue(column: TemplateColumn, device: TemplateDevice): ExcelJS.CellValue {
  if (column.kind === "fixed") return device[column.field];
  return columnCellValue(column, device.attributes[column.attribute.identifier]);
}

/**
 * Template_<productKey>.xlsx: row 1 the column names (required ones in red), row 2 a hint per
 * column, data from row 3; header frozen. Every data cell has a validation that Excel and
 * LibreOffice check while typing (drop-downs for time zones, enums and booleans; ranges for
 * numbers; lengths; dates) with the column's hint as its input message.
 */
export async function buildTemplate({ product, device, rows }: { product: TemplateProduct; device?: TemplateDevice; rows: number }): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Device Import Console";
  workbook.title = templateFileName(product.productKey).replace(/\.xlsx$/, "");
  workbook.subject = product.productKey;
  workbook.category = TEMPLATE_CATEGORY;
  workbook.description = `Devices of product ${product.productKey} (${product.name}), model ${product.modelName}.`;

  const sheet = workbook.addWorksheet("Devices", { views: [{ state: "frozen", xSplit: 1, ySplit: 2 }] });
  const lists = workbook.addWorksheet("Lists", { state: "veryHidden" });
  const columns = templateColumns(product.attributes);
  const lastRow = 2 + rows;

  // Drop-down sources live on the hidden sheet: an inline list is capped at 255 characters.
  const listSources: string[][] = [];
  const listRange = (values: string[]) => {
    listSources.push(values);
    const letter = columnLetter(listSources.length);
    values.forEach((v, i) => (lists.getCell(`${letter}${i + 1}`).value = v));
    return `Lists!$${letter}$1:$${letter}$${values.length}`;
  };
  const timeZoneRange = listRange([...utcOffsets, ...cityTimeZones]);
  const booleanRange = listRange(["true", "false"]);

  columns.forEach((column, index) => {
    const n = index + 1;
    const letter = columnLetter(n);
    const header = sheet.getCell(1, n);
    header.value = column.header;
    header.font = { bold: true, color: { argb: column.required ? "FFB42318" : "FF1F2A37" } };
    header.fill = column.required ? REQUIRED_FILL : HEADER_FILL;
    header.alignment = { vertical: "middle" };
    header.note = column.hint;
    const hint = sheet.getCell(2, n);
    hint.value = column.hint;
    hint.font = { italic: true, size: 9, color: { argb: "FF5D6876" } };
    hint.fill = HINT_FILL;
    hint.alignment = { wrapText: true, vertical: "top" };
    const col = sheet.getColumn(n);
    col.width = Math.min(40, Math.max(16, column.header.length + 4));
    col.numFmt = columnFormat(column);

    const list =
      column.kind === "fixed" && column.field === "timezone"
        ? timeZoneRange
        : column.kind === "attribute" && column.attribute.dataType === "bool"
          ? booleanRange
          : column.kind === "attribute" && column.attribute.dataType === "enum"
            ? listRange(column.attribute.enumValues ?? [])
            : null;
    if (rows > 0) {
      (sheet as unknown as { dataValidations: { add: (range: string, v: ExcelJS.DataValidation) => void } }).dataValidations.add(`${letter}3:${letter}${lastRow}`, columnValidation(column, list));
    }
  });
  sheet.getRow(1).height = 20;
  sheet.getRow(2).height = 48;

  if (device) {
    columns.forEach((column, index) => {
      const cell = sheet.getCell(3, index + 1);
      cell.value = cellValue(column, device);
      cell.numFmt = columnFormat(column);
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
