import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { csv, memoryLookup, testContext } from "../__fixtures__/context";
import { failedRowsWorkbook } from "../reports/failed-rows-xlsx";
import { buildTemplate } from "../template";
import { validateFile } from "../validate-file";
import { deviceCsvColumns } from "./device-csv";

const product = { productKey: "INV5K", name: "5 kW String Inverter", modelName: "Solar Inverter", attributes: testContext().product!.attributes };
const good = ["INV-2001", "Roof 1", "+08:00", "5", "2", "Sungrow", "1.0", "three", "97.5", "true", "2026-01-15"];

const validate = async (bytes: Uint8Array, context = testContext()) => {
  const result = await validateFile(bytes, context, memoryLookup());
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
};

async function templateWith(rows: string[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await buildTemplate({ product, rows: 10 })) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Devices")!;
  rows.forEach((row, r) => row.forEach((value, c) => (sheet.getCell(r + 3, c + 1).value = value)));
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** The console's own "Failed rows (.xlsx)" of a checked file, as the download route builds it. */
async function failedRowsOf(bytes: Uint8Array) {
  const checked = await validate(bytes);
  return { checked, failed: await failedRowsWorkbook({ header: checked.header, rows: checked.rows }) };
}

describe("round trip of the failed-rows file", () => {
  it("uploads back as is: Line and Errors are ignored, the rows are checked like the template", async () => {
    const { checked, failed } = await failedRowsOf(await templateWith([good, ["ab", ...good.slice(1)], [...good.slice(0, 3), "lots", ...good.slice(4)].map((v, i) => (i === 0 ? "INV-2003" : v))]));
    expect(checked.summary.invalid).toBe(2);
    const again = await validate(failed);
    expect(again.dialect).toBe("enos_template");
    expect(again.header).not.toContain("Line");
    expect(again.header).not.toContain("Errors");
    expect(again.header.slice(0, 3)).toEqual(["DeviceKey", "Device Name", "Time Zone"]);
    // Same two rows, same errors, at their lines in the new file.
    expect(again.rows.map((r) => r.line)).toEqual([2, 3]);
    expect(again.rows.map((r) => r.errors.map((e) => e.column))).toEqual([["DeviceKey"], ["Rated Power"]]);
  });

  it("the fixed rows pass, and what is still wrong is still reported", async () => {
    const { failed } = await failedRowsOf(await templateWith([["ab", ...good.slice(1)], ["INV-2003", ...good.slice(1, 3), "lots", ...good.slice(4)]]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(failed as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(1)!;
    sheet.getCell(2, 2).value = "INV-2002"; // the DeviceKey column, after Line
    const fixed = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const again = await validate(fixed);
    expect(again.rows[0]!.errors).toEqual([]);
    expect(again.rows[0]!.change).toMatchObject({ deviceKey: "INV-2002", attributes: { ratedPower: 5 } });
    expect(again.rows[1]!.errors.map((e) => e.column)).toEqual(["Rated Power"]);
    expect(again.summary).toMatchObject({ total: 2, valid: 1, invalid: 1 });
  });

  it("a device CSV with the Line and Errors columns around it is recognised", async () => {
    const header = ["Line", ...deviceCsvColumns, "Errors"].join(",");
    const cells = deviceCsvColumns.map((c) => ({ "Device Name": "Gateway 1", "Device Unique ID": "AA:BB:CC:00:00:01", "Account ID": "acme", "Device Type ID": "MTR3P", "Heartbeat Period (second)": "60" })[c as "Device Name"] ?? "");
    const again = await validate(csv(`${header}\n7,${cells.join(",")},"Line 7: something was wrong"\n`), testContext({ product: { ...product, productKey: "MTR3P" } }));
    expect(again.dialect).toBe("device_csv");
    expect(again.header).toEqual([...deviceCsvColumns]);
    expect(again.rows[0]!.errors).toEqual([]);
  });

  it("a template with only an Errors column added at the end (annotated by hand from errmsg.txt) is read without it", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await templateWith([good])) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Devices")!;
    sheet.getCell(1, good.length + 1).value = "Errors";
    sheet.getCell(3, good.length + 1).value = "Line 3: was wrong";
    const again = await validate(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
    expect(again.header).not.toContain("Errors");
    expect(again.rows[0]!.errors).toEqual([]);
  });

  it("a column named Line inside a known header is data, not the round-trip marker", async () => {
    const header = deviceCsvColumns.join(",");
    const result = await validate(csv(`${header}\n${deviceCsvColumns.map((c) => (c === "Device Name" ? "Line" : c === "Device Unique ID" ? "AA:BB:CC:00:00:02" : c === "Account ID" ? "acme" : c === "Device Type ID" ? "MTR3P" : "")).join(",")}\n`));
    expect(result.header).toEqual([...deviceCsvColumns]);
  });
});
