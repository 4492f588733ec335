import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { memoryLookup, meterAttributes, testContext } from "../__fixtures__/context";
import { buildTemplate } from "../template";
import { validateFile } from "../validate-file";

const product = { productKey: "INV5K", name: "5 kW String Inverter", modelName: "Solar Inverter", attributes: testContext().product!.attributes };
const header = ["DeviceKey", "Device Name", "Time Zone", "Rated Power", "MPPT Count", "Manufacturer", "Firmware Version", "Phase", "Efficiency", "Grid Connected", "Commission Date"];
const good = ["INV-2001", "Roof 1", "+08:00", "5", "2", "Sungrow", "1.0", "three", "97.5", "true", "2026-01-15"];

/** Downloads the template, types rows into it as a user would in Excel, and saves it. */
async function filledTemplate(rows: string[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buildTemplate({ product, rows: 1000 })) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Devices")!;
  rows.forEach((row, r) => row.forEach((value, c) => (sheet.getCell(r + 3, c + 1).value = value)));
  edit?.(sheet);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

const validate = async (bytes: Uint8Array, lookup = memoryLookup(), context = testContext()) => {
  const result = await validateFile(bytes, context, lookup);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
};
const messages = (rows: { line: number; errors: { message: string }[] }[]) => rows.flatMap((r) => r.errors.map((e) => `Line ${r.line}: ${e.message}`));

describe("EnOS template", () => {
  it("reads back a downloaded template exactly, with typed values", async () => {
    const result = await validate(await filledTemplate([good, ["INV-2002", "屋顶 逆变器 2", "Europe/Berlin", "10.25", "4", "Huawei", "", "single", "", "", ""]]));
    expect(result.dialect).toBe("enos_template");
    expect(result.header).toEqual(header);
    expect(result.rows.map((r) => r.line)).toEqual([3, 4]);
    expect(result.rows[0]!.change).toEqual({
      deviceKey: "INV-2001",
      name: "Roof 1",
      timezone: "+08:00",
      productKey: "INV5K",
      attributes: { ratedPower: 5, mpptCount: 2, manufacturer: "Sungrow", firmwareVersion: "1.0", phase: "three", efficiency: 97.5, gridConnected: true, commissionDate: "2026-01-15" },
    });
    expect(result.rows[1]!.change?.attributes).toEqual({ ratedPower: 10.25, mpptCount: 4, manufacturer: "Huawei", phase: "single" });
    expect(Object.keys(result.rows[1]!.change!.attributes!)).toEqual(["ratedPower", "mpptCount", "manufacturer", "phase"]);
    expect(result.summary).toMatchObject({ total: 2, valid: 2, invalid: 0, creates: 2 });
  });

  it("reports each broken rule on its line and column, with a message a person can act on", async () => {
    const bad = (overrides: Record<number, string>) => good.map((v, i) => overrides[i] ?? v);
    const result = await validate(
      await filledTemplate([
        bad({ 0: "ab" }),
        bad({ 0: "INV 2003" }),
        bad({ 0: "INV-2004", 1: "Name/with/slash" }),
        bad({ 0: "INV-2005", 1: "x".repeat(65) }),
        bad({ 0: "INV-2006", 2: "+25:00" }),
        bad({ 0: "INV-2007", 3: "lots" }),
        bad({ 0: "INV-2008", 4: "2.5" }),
        bad({ 0: "INV-2009", 4: "13" }),
        bad({ 0: "INV-2010", 5: "" }),
        bad({ 0: "INV-2011", 6: "x".repeat(17) }),
        bad({ 0: "INV-2012", 7: "triple" }),
        bad({ 0: "INV-2013", 9: "maybe" }),
        bad({ 0: "INV-2014", 10: "1-2" }),
        bad({ 0: "INV-2015", 10: "2026-02-30" }),
        bad({ 0: "INV-2001" }),
        bad({}),
      ]),
    );
    expect(messages(result.rows)).toEqual([
      'Line 3: DeviceKey "ab" must be 4–64 characters of letters, digits, hyphen (-), underscore (_), period (.) or colon (:)',
      'Line 4: DeviceKey "INV 2003" must be 4–64 characters of letters, digits, hyphen (-), underscore (_), period (.) or colon (:)',
      'Line 5: Device Name "Name/with/slash" may contain only letters (including Chinese), digits, spaces, hyphen (-), underscore (_), period (.) and colon (:)',
      "Line 6: Device Name is 65 characters long; at most 64 are allowed",
      'Line 7: Time Zone "+25:00" is not a UTC offset between -12:00 and +14:00 or a city time zone (e.g. +08:00 or Europe/Berlin)',
      'Line 8: Rated Power "lots" must be a number, e.g. 12.5',
      'Line 9: MPPT Count "2.5" must be a whole number',
      'Line 10: MPPT Count "13" must be between 1 and 12',
      "Line 11: Manufacturer is required",
      "Line 12: Firmware Version is 17 characters long; at most 16 are allowed",
      'Line 13: Phase "triple" is not one of: single, three',
      'Line 14: Grid Connected "maybe" must be true or false (yes/no, y/n and 1/0 are read too)',
      'Line 15: Commission Date "1-2" is not a date; use YYYY-MM-DD, e.g. 2026-01-15',
      'Line 16: Commission Date "2026-02-30" is not a date; use YYYY-MM-DD, e.g. 2026-01-15',
      'Line 18: DeviceKey "INV-2001" is already used on line 17 of this file',
    ]);
    expect(result.rows[4]!.errors[0]).toMatchObject({ column: "Time Zone", code: "TIMEZONE_INVALID" });
    expect(result.summary).toMatchObject({ total: 16, valid: 1, invalid: 15 });
  });

  it("checks against the organization: existing keys and the product's cap", async () => {
    const bytes = await filledTemplate([good, ["INV-2002", ...good.slice(1)], ["INV-2003", ...good.slice(1)]]);
    const result = await validate(bytes, memoryLookup([{ deviceKey: "INV-2001", productKey: "INV5K" }], { INV5K: 9_999 }));
    expect(messages(result.rows)).toEqual([
      'Line 3: DeviceKey "INV-2001" already exists in this organization (product INV5K)',
      "Line 5: Product INV5K has reached its limit of 10,000 devices; this row would exceed it",
    ]);
  });

  it("skips the hint row, but keeps a row 2 that holds data", async () => {
    const withData = await filledTemplate([good], (sheet) => sheet.getRow(2).values.length && good.forEach((v, i) => (sheet.getCell(2, i + 1).value = i === 0 ? "INV-1999" : v)));
    const result = await validate(withData);
    expect(result.rows.map((r) => [r.line, r.deviceKey])).toEqual([[2, "INV-1999"], [3, "INV-2001"]]);
  });

  it("refuses another product's template by name", async () => {
    const meter = await buildTemplate({ product: { productKey: "MTR3P", name: "Three-Phase Meter", modelName: "Smart Meter", attributes: meterAttributes }, rows: 10 });
    const result = await validateFile(meter, testContext(), memoryLookup());
    expect(result).toEqual({
      ok: false,
      error: {
        code: "WRONG_PRODUCT",
        message: "This is the template of product MTR3P, but you are importing into INV5K (5 kW String Inverter). Download the template of INV5K, or pick product MTR3P.",
      },
    });
  });

  it("refuses unknown and missing columns, and a header-only file", async () => {
    const edit = (f: (s: ExcelJS.Worksheet) => void) => filledTemplate([good], f);
    const unknown = await validateFile(await edit((s) => (s.getCell(1, 12).value = "Meter Type")), testContext(), memoryLookup());
    expect(unknown.ok || unknown.error.message).toContain('The column "Meter Type" is not an attribute of product INV5K');
    const missing = await validateFile(await edit((s) => s.spliceColumns(4, 1)), testContext(), memoryLookup());
    expect(missing.ok || missing.error).toEqual({ code: "BAD_HEADER", message: 'The template lacks the required column "Rated Power". Download the template again.' });
    const empty = await validateFile(await buildTemplate({ product, rows: 1000 }), testContext(), memoryLookup());
    expect(empty.ok || empty.error.code).toBe("NO_DATA_ROWS");
  });

  it("refuses more rows than the organization allows, naming the limit", async () => {
    const rows = Array.from({ length: 6 }, (_, i) => [`INV-${3000 + i}`, ...good.slice(1)]);
    const result = await validateFile(await filledTemplate(rows), testContext({ limits: { ...testContext().limits, maxRows: 5 } }), memoryLookup());
    expect(result.ok || result.error.message).toBe("The file has more than 5 device rows; at most 5 are allowed per file. Split it into files of up to 5 rows and upload them one at a time.");
  });

  it("pre-fills a template from an existing device in row 3", async () => {
    const bytes = await buildTemplate({ product, rows: 10, device: { deviceKey: "INV-1001", name: "Rooftop inverter 1", timezone: "Europe/Berlin", attributes: { ratedPower: 5, phase: "three", gridConnected: true } } });
    const result = await validate(bytes, memoryLookup([{ deviceKey: "INV-1001", productKey: "INV5K" }]));
    expect(result.rows[0]!.cells).toMatchObject({ DeviceKey: "INV-1001", "Device Name": "Rooftop inverter 1", "Time Zone": "Europe/Berlin", "Rated Power": "5", "Grid Connected": "true" });
    // The existing device's key is reported with the missing attributes, all at once.
    expect(result.rows[0]!.errors.map((e) => `${e.column}: ${e.code}`)).toEqual(["MPPT Count: REQUIRED", "Manufacturer: REQUIRED", "DeviceKey: DEVICE_KEY_EXISTS"]);
  });
});
