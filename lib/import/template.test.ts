import { describe, expect, it } from "vitest";
import { inverter, loadTemplate, meter, validationOf } from "./__fixtures__/template";
import { buildTemplate } from "./template";

describe("the template checks while typing", () => {
  it("numbers are whole or decimal with the model's range; lengths, dates and enums are checked", async () => {
    const sheet = await loadTemplate(await buildTemplate({ product: inverter, rows: 50 }));
    const last = 52;
    expect(validationOf(sheet, "DeviceKey", last)).toMatchObject({ type: "textLength", operator: "between", formulae: [4, 64], showErrorMessage: true });
    expect(validationOf(sheet, "Device Name", last)).toMatchObject({ type: "textLength", operator: "between", formulae: [1, 64] });
    expect(validationOf(sheet, "Time Zone", last)).toMatchObject({ type: "list" });
    expect(validationOf(sheet, "MPPT Count", last)).toMatchObject({ type: "whole", operator: "between", formulae: [1, 12], errorStyle: "stop" });
    expect(validationOf(sheet, "Rated Power", last)).toMatchObject({ type: "decimal", operator: "between", formulae: [0, 10000] });
    expect(validationOf(sheet, "Efficiency", last)).toMatchObject({ type: "decimal", operator: "between", formulae: [0, 100] });
    expect(validationOf(sheet, "Manufacturer", last)).toMatchObject({ type: "textLength", operator: "lessThanOrEqual", formulae: [32] });
    expect(validationOf(sheet, "Firmware Version", last)).toMatchObject({ type: "textLength", operator: "lessThanOrEqual", formulae: [16], allowBlank: true });
    expect(validationOf(sheet, "Phase", last)).toMatchObject({ type: "list" });
    expect(validationOf(sheet, "Grid Connected", last)).toMatchObject({ type: "list" });
    const date = validationOf(sheet, "Commission Date", last)!;
    expect(date).toMatchObject({ type: "date", operator: "between" });
    expect((date.formulae as Date[]).map((d) => d.toISOString().slice(0, 10))).toEqual(["1900-01-01", "9999-12-31"]);
  });

  it("a bound on one side only is one comparison; a timestamp and a string have their lengths", async () => {
    const sheet = await loadTemplate(await buildTemplate({ product: meter, rows: 10 }));
    expect(validationOf(sheet, "Max Current", 12)).toMatchObject({ type: "decimal", operator: "greaterThanOrEqual", formulae: [0] });
    expect(validationOf(sheet, "CT Ratio", 12)).toMatchObject({ type: "whole", operator: "between", formulae: [1, 5000] });
    expect(validationOf(sheet, "Installed At", 12)).toMatchObject({ type: "textLength", operator: "between", formulae: [10, 35] });
    expect(validationOf(sheet, "Utility Reference", 12)).toMatchObject({ type: "textLength", operator: "lessThanOrEqual", formulae: [24] });
  });

  it("every column has an input message: its name and its hint", async () => {
    const sheet = await loadTemplate(await buildTemplate({ product: inverter, rows: 5 }));
    const headers = (sheet.getRow(1).values as unknown[]).filter((v): v is string => typeof v === "string");
    for (const [i, header] of headers.entries()) {
      const v = sheet.getCell(3, i + 1).dataValidation;
      expect(v?.showInputMessage, header).toBe(true);
      expect(v?.promptTitle, header).toBe(header.slice(0, 32));
      expect(v?.prompt, header).toBe(String(sheet.getCell(2, i + 1).value).slice(0, 255));
    }
  });

  it("number columns hold numbers and date columns dates, so that Excel can compare them", async () => {
    const sheet = await loadTemplate(
      await buildTemplate({ product: inverter, rows: 5, device: { deviceKey: "INV-1001", name: "Roof", timezone: "+08:00", attributes: { ratedPower: 5, mpptCount: 2, manufacturer: "0042", commissionDate: "2026-01-15" } } }),
    );
    expect(sheet.getCell("D3").value).toBe(5);
    expect(sheet.getCell("E3").value).toBe(2);
    expect(sheet.getCell("F3").value).toBe("0042");
    expect(sheet.getCell("F3").numFmt).toBe("@");
    expect((sheet.getCell("K3").value as Date).toISOString().slice(0, 10)).toBe("2026-01-15");
    expect(sheet.getCell("K3").numFmt).toBe("yyyy-mm-dd");
  });
});
