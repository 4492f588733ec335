import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { csv, memoryLookup, testContext } from "./__fixtures__/context";
import { inverter } from "./__fixtures__/template";
import { makeZip } from "./__fixtures__/zip";
import { readSheet } from "./read";
import { deviceCsvColumns } from "./dialects/device-csv";
import { templateColumns } from "./template-columns";
import { validateFile } from "./validate-file";

const header = templateColumns(inverter.attributes).map((c) => c.header);
const row = (key: string, grid: string, date = "") => [key, "Roof", "+08:00", "5", "2", "Sungrow", "", "three", "", grid, date];
const validate = async (bytes: Uint8Array) => {
  const result = await validateFile(bytes, testContext(), memoryLookup());
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe("booleans", () => {
  it("the template reads yes/no, y/n and 1/0 in any case as true/false, and says what it converted", async () => {
    const words = ["yes", "NO", "Y", "n", "1", "0", "true", "FALSE"];
    const text = [header, ...words.map((w, i) => row(`INV-80${i}0`, w))].map((r) => r.join(",")).join("\n");
    const result = await validate(csv(text));
    expect(result.rows.map((r) => r.change?.attributes?.gridConnected)).toEqual([true, false, true, false, true, false, true, false]);
    expect(result.rows.map((r) => r.cells["Grid Connected"])).toEqual(["true", "false", "true", "false", "true", "false", "true", "false"]);
    expect(result.rows.map((r) => r.conversions.map((c) => c.from))).toEqual([["yes"], ["NO"], ["Y"], ["n"], ["1"], ["0"], [], ["FALSE"]]);
  });

  it("the device CSV keeps its seed's strict rule: only true, false or empty", async () => {
    const base = { "Device Name": "Gateway 1", "Account ID": "acme", "Device Type ID": "MTR3P", "Heartbeat Period (second)": "60" } as Record<string, string>;
    const line = (id: string, active: string) => deviceCsvColumns.map((c) => ({ ...base, "Device Unique ID": id, Active: active } as Record<string, string>)[c] ?? "").join(",");
    const result = await validate(csv([deviceCsvColumns.join(","), line("AA:BB:CC:00:00:01", "yes"), line("AA:BB:CC:00:00:02", "Y"), line("AA:BB:CC:00:00:03", "1"), line("AA:BB:CC:00:00:04", "TRUE")].join("\n")));
    expect(result.rows.map((r) => r.errors.map((e) => e.code))).toEqual([["NOT_A_BOOLEAN"], ["NOT_A_BOOLEAN"], ["NOT_A_BOOLEAN"], []]);
    expect(result.rows.flatMap((r) => r.conversions)).toEqual([]);
  });
});

describe("Excel date cells", () => {
  // Number formats as Excel writes them in other locales, built-in and custom ("mm-dd-yy" is built-in 14, the locale's short date).
  const formats = ["yyyy/m/d", "d.m.yyyy", '[$-804]yyyy"年"m"月"d"日"', "dd/mm/yyyy", "[$-409]mmmm d, yyyy;@", "mm-dd-yy", "d-mmm-yy", "yyyy-mm-dd hh:mm"];

  it("are read as dates whatever their display format, each with a note of how Excel showed it", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Devices");
    sheet.addRow(header);
    formats.forEach((numFmt, i) => {
      const r = sheet.addRow(row(`INV-81${i}0`, ""));
      const cell = r.getCell(11);
      cell.value = new Date(Date.UTC(2026, 0, 15));
      cell.numFmt = numFmt;
    });
    const result = await validate(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    expect(result.rows.map((r) => r.errors)).toEqual(formats.map(() => []));
    expect(result.rows.map((r) => r.change?.attributes?.commissionDate)).toEqual(formats.map(() => "2026-01-15"));
    expect(result.rows.map((r) => r.conversions)).toEqual(
      ["2026/1/15", "15.1.2026", "2026年1月15日", "15/01/2026", "January 15, 2026", "1/15/26", "15-Jan-26", "2026-01-15 00:00"].map((from) => [{ column: "Commission Date", kind: "excel_date", from }]),
    );
  });

  it("a time cell with no date (Calc turns a typed +08:00 into one) is read as the time shown, never as day 0 of 1900", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Devices");
    sheet.addRow(header);
    const cell = sheet.addRow(row("INV-8300", "")).getCell(3);
    cell.value = 1 / 3;
    cell.numFmt = "[HH]:MM:SS";
    const result = await validate(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    expect(result.rows[0]!.cells["Time Zone"]).toBe("08:00:00");
    expect(result.rows[0]!.conversions).toEqual([{ column: "Time Zone", kind: "excel_date", from: "08:00:00" }]);
    expect(result.rows[0]!.errors.map((e) => e.code)).toEqual(["TIMEZONE_INVALID"]);
  });

  it("a number in a plain cell stays a number: no date is guessed", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Devices");
    sheet.addRow(header);
    sheet.addRow(row("INV-8200", "")).getCell(11).value = 46037;
    const result = await validate(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    expect(result.rows[0]!.errors.map((e) => e.code)).toEqual(["NOT_A_DATE"]);
    expect(result.rows[0]!.conversions).toEqual([]);
  });
});

describe("date styles as Excel writes them, byte by byte", () => {
  /** One sheet, one number cell per style; styles.xml holds the custom codes, built-in ids have none. */
  function styledWorkbook(numFmtIds: number[], custom: Record<number, string>) {
    const rels = (items: string) => `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
    const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
    const escape = (code: string) => code.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
    const styles = `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="${Object.keys(custom).length}">${Object.entries(custom)
      .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${escape(code)}"/>`)
      .join("")}</numFmts><cellXfs count="${numFmtIds.length + 1}"><xf numFmtId="0"/>${numFmtIds.map((id) => `<xf numFmtId="${id}" applyNumberFormat="1"/>`).join("")}</cellXfs></styleSheet>`;
    const rows = [`<row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>`, ...numFmtIds.map((_, i) => `<row r="${i + 2}"><c r="A${i + 2}" s="${i + 1}"><v>46037</v></c></row>`)].join("");
    return makeZip([
      { name: "[Content_Types].xml", data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>' },
      { name: "_rels/.rels", data: rels(rel("rId1", "officeDocument", "xl/workbook.xml")) },
      { name: "xl/workbook.xml", data: '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Devices" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: "xl/_rels/workbook.xml.rels", data: rels(rel("rId1", "worksheet", "worksheets/sheet1.xml") + rel("rId2", "styles", "styles.xml")) },
      { name: "xl/styles.xml", data: styles },
      { name: "xl/worksheets/sheet1.xml", data: `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>` },
    ]);
  }

  it("built-in ids (14, 22, and East Asian 31, 57 that carry no code) and custom codes are dates; a plain number is not", () => {
    const custom = { 164: "yyyy/m/d", 165: "d.m.yyyy", 166: '[$-804]yyyy"年"m"月"d"日"', 167: "[$-409]d-mmm-yyyy;@", 168: "0.00" };
    const ids = [14, 22, 31, 57, 164, 165, 166, 167, 168, 0];
    const sheet = readSheet(styledWorkbook(ids, custom), testContext().limits);
    if (!sheet.ok) throw new Error(sheet.error.message);
    expect(sheet.value.rows.map((r) => r.cells[0])).toEqual(["2026-01-15", "2026-01-15", "2026-01-15", "2026-01-15", "2026-01-15", "2026-01-15", "2026-01-15", "2026-01-15", "46037", "46037"]);
    expect(sheet.value.rows.map((r) => r.conversions?.[0]?.from ?? null)).toEqual(["1/15/26", "1/15/26 0:00", "2026-01-15", "2026-01-15", "2026/1/15", "15.1.2026", "2026年1月15日", "15-Jan-2026", null, null]);
  });
});

