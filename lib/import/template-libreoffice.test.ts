import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { memoryLookup, testContext } from "./__fixtures__/context";
import { buildTemplate } from "./template";
import { inverter, loadTemplate, validationOf } from "./__fixtures__/template";
import { validateFile } from "./validate-file";

/** Debian's LibreOffice (libreoffice-calc); scripts/test.sh installs it when missing. */
const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => fs.existsSync(p));
if (!soffice) console.warn("template-libreoffice.test.ts skipped: LibreOffice (soffice) is not installed; run `apt-get install -y libreoffice-calc` or scripts/test.sh");

/** Opens the file in headless LibreOffice Calc and saves it again as .xlsx, as a user of LibreOffice would. */
function throughLibreOffice(bytes: Uint8Array): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lo-template-"));
  try {
    fs.mkdirSync(path.join(dir, "in"));
    fs.writeFileSync(path.join(dir, "in", "Template_INV5K.xlsx"), bytes);
    // A profile of its own: parallel runs (and a user's LibreOffice) do not share a lock.
    execFileSync(soffice!, [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", path.join(dir, "out"), path.join(dir, "in", "Template_INV5K.xlsx")], {
      stdio: "pipe",
      timeout: 120_000,
    });
    return fs.readFileSync(path.join(dir, "out", "Template_INV5K.xlsx"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!soffice)("the template in LibreOffice Calc", () => {
  it("keeps its validations and input messages, and the filled file still imports", { timeout: 180_000 }, async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buildTemplate({ product: inverter, rows: 20 })) as unknown as ArrayBuffer);
    const devices = workbook.getWorksheet("Devices")!;
    // Typed as a user types: numbers in number cells, a date in the date cell, text elsewhere.
    ["INV-3001", "Roof 1", "+08:00", 5, 2, "Sungrow", "1.0", "three", 97.5, "true", new Date("2026-01-15T00:00:00Z")].forEach((v, c) => (devices.getCell(3, c + 1).value = v));
    const saved = throughLibreOffice(new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));

    const sheet = await loadTemplate(saved);
    expect(validationOf(sheet, "MPPT Count", 22)).toMatchObject({ type: "whole", operator: "between", formulae: [1, 12], showInputMessage: true, promptTitle: "MPPT Count" });
    expect(validationOf(sheet, "Rated Power", 22)).toMatchObject({ type: "decimal", operator: "between", formulae: [0, 10000] });
    // LibreOffice writes an unused second operand (0) after a one-sided comparison.
    const manufacturer = validationOf(sheet, "Manufacturer", 22)!;
    expect(manufacturer).toMatchObject({ type: "textLength", operator: "lessThanOrEqual", errorStyle: "stop" });
    expect(manufacturer.formulae?.[0]).toBe(32);
    expect(validationOf(sheet, "DeviceKey", 22)).toMatchObject({ type: "textLength", operator: "between", formulae: [4, 64] });
    const date = validationOf(sheet, "Commission Date", 22)!;
    expect(date).toMatchObject({ type: "date", operator: "between" });
    expect((date.formulae as Date[]).map((d) => d.toISOString().slice(0, 10))).toEqual(["1900-01-01", "9999-12-31"]);
    expect(validationOf(sheet, "Phase", 22)).toMatchObject({ type: "list" });
    expect(validationOf(sheet, "Time Zone", 22)?.formulae?.[0]).toMatch(/Lists/);
    expect(validationOf(sheet, "Efficiency", 22)?.prompt).toContain("0 to 100");

    const result = await validateFile(new Uint8Array(saved), testContext(), memoryLookup());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.dialect).toBe("enos_template");
    expect(result.value.rows).toHaveLength(1);
    expect(result.value.rows[0]!.errors).toEqual([]);
    expect(result.value.rows[0]!.change?.attributes).toMatchObject({ ratedPower: 5, mpptCount: 2, efficiency: 97.5, phase: "three", commissionDate: "2026-01-15" });
  });
});
