import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { errmsgText } from "./errmsg";
import { failedRowsWorkbook } from "./failed-rows-xlsx";
import { neutralize } from "./neutralize";
import { resultCsv } from "./result-csv";

const rows = [
  { line: 7, cells: { DeviceKey: "INV-7", "Time Zone": "+25:00" }, errors: [{ column: "Time Zone", code: "TIMEZONE_INVALID" as const, message: 'Time Zone "+25:00" is not a UTC offset' }] },
  { line: 3, cells: { DeviceKey: "=HYPERLINK(\"http://evil\")", "Time Zone": "+08:00" }, errors: [{ column: "DeviceKey", code: "DEVICE_KEY_FORMAT" as const, message: "bad key" }, { column: null, code: "PRODUCT_LIMIT_REACHED" as const, message: "limit" }] },
  { line: 5, cells: { DeviceKey: "OK-5", "Time Zone": "+08:00" }, errors: [] },
];

describe("neutralize", () => {
  it.each([
    ["=1+2", "'=1+2"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["-5", "-5"],
    ["+08:00", "+08:00"],
    ["plain", "plain"],
  ])("%j → %j", (input, output) => expect(neutralize(input)).toBe(output));
});

describe("reports", () => {
  it("errmsg.txt lists Line n: message in line order", () => {
    expect(errmsgText(rows)).toBe('Line 3: bad key\r\nLine 3: limit\r\nLine 7: Time Zone "+25:00" is not a UTC offset\r\n');
  });

  it("errmsg.txt lists warnings as Line n: warning: message, after the line's errors", () => {
    const withWarnings = [
      { line: 9, errors: [], warnings: [{ column: "Phase", code: "COLUMN_IGNORED" as const, message: "Phase is ignored" }] },
      { line: 3, errors: [{ column: null, code: "INVALID_VALUE" as const, message: "bad" }], warnings: [{ column: null, code: "LOST_PRECISION" as const, message: "rounded\nto 2" }] },
    ];
    expect(errmsgText(withWarnings)).toBe("Line 3: bad\r\nLine 3: warning: rounded to 2\r\nLine 9: warning: Phase is ignored\r\n");
  });

  it("the failed-rows workbook marks each bad cell with its message and neutralizes formulas", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await failedRowsWorkbook({ header: ["DeviceKey", "Time Zone"], rows })) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Failed rows")!;
    expect(sheet.getRow(1).values).toEqual([undefined, "Line", "DeviceKey", "Time Zone", "Errors"]);
    expect(sheet.rowCount).toBe(3);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe(3);
    expect(first.getCell(2).value).toBe("'=HYPERLINK(\"http://evil\")");
    expect(first.getCell(2).note).toBe("bad key");
    expect((first.getCell(2).fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFDE2E2");
    expect(first.getCell(3).note).toBeUndefined();
    expect(first.getCell(4).value).toBe("bad key\nlimit");
    expect(sheet.getRow(3).getCell(3).note).toBe('Time Zone "+25:00" is not a UTC offset');
  });

  it("the result CSV carries secrets only when given, and neutralizes and quotes every cell", () => {
    const plain = resultCsv([{ line: 3, deviceKey: "=evil", operation: "create", outcome: "failed", message: "x, y" }]);
    expect(plain).toBe('\uFEFF"Line","Device Key","Operation","Outcome","Code","Message","Asset ID"\r\n"3","\'=evil","create","failed","","x, y",""\r\n');
    const secret = resultCsv([{ line: 3, deviceKey: "K-1", operation: "create", outcome: "created", message: null, assetId: "a1", deviceSecret: "s3cr3t" }]);
    expect(secret.split("\r\n")[0]).toContain("Device Secret");
    expect(secret).toContain(',"a1","s3cr3t"');
  });
});
