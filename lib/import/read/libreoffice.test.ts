import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultLimits } from "../limits";
import { readSheet } from "./index";

const fixtures = path.join(import.meta.dirname, "../__fixtures__/libreoffice");
const hasSoffice = spawnSync("sh", ["-c", "command -v soffice"]).status === 0;

const read = (bytes: Uint8Array) => {
  const result = readSheet(bytes, defaultLimits);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

/** What Calc shows for devices.fods, as the text a user would have typed. */
function expectTypedCells(bytes: Uint8Array) {
  const sheet = read(bytes);
  expect(sheet.header).toEqual({ line: 1, cells: ["DeviceKey", "Device Name", "Capacity", "Installed", "Seen", "Active", "ICCID", "Note"] });
  expect(sheet.rows).toEqual([
    // Rich text runs joined; Calc stores 19 digits as 15 significant ones, shown broken rather than rounded.
    // Date cells say how Calc showed them (the grid's "converted from" note).
    {
      line: 2,
      cells: ["INV-0001", "逆变器 Ünit & <1>", "5.5", "2026-01-15", "2026-01-15T13:45:30", "true", "8.98830300012346E+18", "line one\nline two"],
      conversions: [
        { index: 3, kind: "excel_date", from: "2026-01-15" },
        { index: 4, kind: "excel_date", from: "2026-01-15 13:45:30" },
      ],
    },
    { line: 3, cells: ["00012345", "INV-0001", "-0.25", "", "#N/A", "false", "ab", "  padded  "] },
    { line: 5, cells: ["INV-0003"] },
  ]);
  expect(sheet.properties).toEqual({ subject: "inverter-pk" });
}

/** Calc's guesses for csv-devices.csv: a date, TRUE kept as text, 00012 as the number 12. */
function expectCsvCells(bytes: Uint8Array) {
  expect(read(bytes).rows).toEqual([{ line: 2, cells: ["INV-0001", "Pump", "2026-01-15", "TRUE", "12"], conversions: [{ index: 2, kind: "excel_date", from: "2026-01-15" }] }]);
}

describe(".xlsx files written by LibreOffice Calc", () => {
  it("reads shared and rich-text strings, dates, booleans, errors and formulas' values as Calc shows them", () => {
    expectTypedCells(readFileSync(path.join(fixtures, "devices.xlsx")));
  });

  it("reads a CSV that Calc opened and saved as .xlsx", () => {
    expectCsvCells(readFileSync(path.join(fixtures, "csv-devices.xlsx")));
  });

  it.skipIf(!hasSoffice)("reads what this machine's LibreOffice writes today the same way", () => {
    const out = mkdtempSync(path.join(tmpdir(), "lo-"));
    try {
      const profile = `file://${path.join(out, "profile")}`;
      execFileSync("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "xlsx", "--outdir", out, path.join(fixtures, "devices.fods"), path.join(fixtures, "csv-devices.csv")], { stdio: "ignore", timeout: 110_000 });
      expectTypedCells(readFileSync(path.join(out, "devices.xlsx")));
      expectCsvCells(readFileSync(path.join(out, "csv-devices.xlsx")));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
