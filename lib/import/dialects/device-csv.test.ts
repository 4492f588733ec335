import { describe, expect, it } from "vitest";
import { csv, memoryLookup, testContext } from "../__fixtures__/context";
import { validateFile } from "../validate-file";
import { deviceCsvColumns } from "./device-csv";

const header21 = deviceCsvColumns.slice(0, 21).join(",");
const header25 = deviceCsvColumns.join(",");
/** A row of the 25-column CSV from named cells (the rest empty). */
const row = (cells: Partial<Record<(typeof deviceCsvColumns)[number], string>>) =>
  deviceCsvColumns.map((c) => {
    const v = cells[c] ?? "";
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(",");
const base = { "Device Name": "Gateway 1", "Device Unique ID": "AA:BB:CC:00:00:01", "Account ID": "acme", "Device Type ID": "MTR3P", "Heartbeat Period (second)": "60" } as const;

// The device CSV API names no product: each row's Device Type ID is its product.
const validate = async (text: string, lookup = memoryLookup(), context = testContext({ product: undefined })) => {
  const result = await validateFile(csv(text), context, lookup);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
};
const lines = (rows: { line: number; errors: { message: string }[] }[]) => rows.flatMap((r) => r.errors.map((e) => `Line ${r.line}: ${e.message}`));

describe("21/25-column device CSV", () => {
  it("creates from a 25-column row with SIM, tags and metadata", async () => {
    const result = await validate(
      `${header25}\n${row({ ...base, Tags: "roof;north; roof", Metadata: "site:Berlin;floor:3;url:http://x", Active: "false", "ICCID (SIM)": "89883030001234567890", "MSISDN (SIM)": "+4915112345678" })}\n`,
    );
    expect(result.dialect).toBe("device_csv");
    expect(result.rows[0]!.operation).toBe("create");
    expect(result.rows[0]!.change).toMatchObject({
      deviceKey: "AA:BB:CC:00:00:01",
      name: "Gateway 1",
      productKey: "MTR3P",
      organization: "acme",
      heartbeatPeriod: 60,
      active: false,
      timezone: "UTC",
      labels: ["roof", "north"],
      properties: { site: "Berlin", floor: "3", url: "http://x" },
      sim: { iccid: "89883030001234567890", msisdn: "+4915112345678" },
    });
  });

  it("takes the operation from Delete? and Update?, each with its own required columns", async () => {
    const existing = memoryLookup([{ deviceKey: "AA:BB:CC:00:00:02", productKey: "MTR3P" }, { deviceKey: "AA:BB:CC:00:00:03", productKey: "MTR3P" }]);
    const result = await validate(
      [
        header21,
        row({ "Device Unique ID": "AA:BB:CC:00:00:02", "Account ID": "acme", "Update?": "true", Tags: "new" }).split(",").slice(0, 21).join(","),
        row({ "Device Unique ID": "AA:BB:CC:00:00:03", "Account ID": "acme", "Delete?": "TRUE" }).split(",").slice(0, 21).join(","),
        row({ "Device Unique ID": "AA:BB:CC:00:00:04", "Account ID": "acme", "Delete?": "true", "Update?": "true" }).split(",").slice(0, 21).join(","),
        row({ "Device Unique ID": "AA:BB:CC:00:00:05", "Account ID": "acme" }).split(",").slice(0, 21).join(","),
      ].join("\n"),
      existing,
    );
    expect(result.rows.map((r) => r.operation)).toEqual(["update", "delete", "delete", "create"]);
    expect(result.rows[0]!.change).toMatchObject({ labels: ["new"] });
    expect(result.rows[0]!.change).not.toHaveProperty("active", true);
    expect(lines(result.rows)).toEqual([
      "Line 4: Delete? and Update? cannot both be true; choose one operation for the row",
      'Line 4: Device Unique ID "AA:BB:CC:00:00:04" does not exist in this organization, so it cannot be deleted',
      "Line 5: Device Name is required",
      "Line 5: Device Type ID is required",
      "Line 5: Heartbeat Period (second) is required",
    ]);
  });

  it("checks each column's format", async () => {
    const result = await validate(
      [
        header25,
        row({ ...base, "Heartbeat Period (second)": "-5" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:02", Active: "yes" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:03", Metadata: "novalue;k:v" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:04", "ICCID (SIM)": "12345" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:05", "Account ID": "globex" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:06", "Device Type ID": "NOPE" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:07", "Parent Device ID": "AA:BB:CC:00:00:99" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:08", "ICCID (SIM)": "89883030001234567890" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:09", "ICCID (SIM)": "89883030001234567890" }),
      ].join("\r\n"),
    );
    expect(lines(result.rows)).toEqual([
      'Line 2: Heartbeat Period (second) "-5" must be at least 0',
      'Line 3: Active "yes" must be true, false or empty',
      'Line 4: Metadata "novalue" is not a key:value pair; write key1:value1;key2:value2',
      'Line 5: ICCID (SIM) "12345" must be 18–22 digits',
      'Line 6: Account ID "globex" is not Acme Solar (acme); you may only act for your own organization',
      'Line 7: Device Type ID "NOPE" is not a product of this organization',
      'Line 8: Parent Device ID "AA:BB:CC:00:00:99" does not exist in this organization',
      'Line 10: ICCID "89883030001234567890" is already used on line 9 of this file',
    ]);
    expect(result.rows[4]!.errors[0]!.code).toBe("ORGANIZATION_NOT_ALLOWED");
  });

  it("takes booleans as true, false or empty only: 1 and 0 are refused, not guessed", async () => {
    const result = await validate(
      [
        header25,
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:11", Active: "1" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:12", "Enforce Secure MQTT": "0" }),
        row({ "Device Unique ID": "AA:BB:CC:00:00:13", "Account ID": "acme", "Delete?": "1" }),
        row({ ...base, "Device Unique ID": "AA:BB:CC:00:00:14", Active: "FALSE", "Enforce Secure MQTT": "" }),
      ].join("\n"),
    );
    expect(lines(result.rows)).toEqual([
      'Line 2: Active "1" must be true, false or empty',
      'Line 3: Enforce Secure MQTT "0" must be true, false or empty',
      'Line 4: Delete? "1" must be true, false or empty',
      "Line 4: Device Name is required",
      "Line 4: Device Type ID is required",
      "Line 4: Heartbeat Period (second) is required",
    ]);
    expect(result.rows[2]!.operation).toBe("create");
    expect(result.rows[3]!.change).toMatchObject({ active: false });
  });

  it("warns, without failing, when SIM fields come without an ICCID", async () => {
    const result = await validate(`${header25}\n${row({ ...base, "MSISDN (SIM)": "+49151", "Rate Plan (SIM)": "basic" })}\n`);
    expect(result.rows[0]!.change).not.toBeNull();
    expect(result.rows[0]!.change!.sim).toBeUndefined();
    expect(result.rows[0]!.warnings).toEqual([
      { column: "ICCID (SIM)", code: "SIM_WITHOUT_ICCID", message: "MSISDN (SIM), Rate Plan (SIM) given without ICCID (SIM): no SIM is created" },
    ]);
    expect(result.summary.withWarnings).toBe(1);
  });

  it("refuses a wrong column count or order, saying what was expected", async () => {
    const wrongCount = await validateFile(csv("Device Name,Device Unique ID,Serial Number\nx,y,z\n"), testContext(), memoryLookup());
    expect(wrongCount.ok || wrongCount.error.message).toMatch(/^The device CSV must have 21 or 25 columns; this file has 3\. Expected, in order: Device Name, Device Unique ID, Serial Number, /);
    const swapped = [...deviceCsvColumns.slice(0, 21)];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    const wrongOrder = await validateFile(csv(`${swapped.join(",")}\n`), testContext(), memoryLookup());
    expect(wrongOrder.ok || wrongOrder.error.message).toBe('Column 4 of the device CSV is "Account ID"; expected "Location". The columns must be in the documented order.');
  });

  it("refuses a file in no known dialect, listing what it found", async () => {
    const result = await validateFile(csv("serial,imei,site\n1,2,3\n"), testContext(), memoryLookup());
    expect(result.ok || result.error).toEqual({
      code: "UNKNOWN_DIALECT",
      message:
        'The header row (line 1) matches none of the accepted formats. Expected the product template (DeviceKey, Device Name, Time Zone, then the attributes), a Cumulocity bulk registration CSV (ID;CREDENTIALS;…) or the 21/25-column device CSV (Device Name, Device Unique ID, …). Found: "serial", "imei", "site".',
    });
  });
});
