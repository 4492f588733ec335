import { describe, expect, it } from "vitest";
import { csv, inverterAttributes, memoryLookup, testContext } from "../__fixtures__/context";
import { readSheet } from "../read";
import { checkSheet, finishValidation } from "../validate-file";
import { applyMapping, headerSignature, mappingProblems, recall, rememberedFrom, type ColumnMapping } from "./mapping";
import { nameSimilarity, nameWords } from "./names";
import { suggestMapping } from "./suggest";
import { mappingTargets } from "./targets";

const targets = mappingTargets(inverterAttributes);
const targetOf = (header: string[], samples: string[][] = []) => Object.fromEntries(suggestMapping(header, samples, targets).map((s) => [s.source, s.target]));

/** Another system's export: renamed, reordered, an extra column, a column of ICCIDs, no header names for two of them. */
const foreignHeader = ["Serial_No", "SIM ICCID", "Label", "Manufacturer Name", "ratedPower", "MPPTs", "Phase", "Notes", "Col9", "grid-connected"];
const foreignRows = [
  ["INV-7001", "89860012345678901234", "Roof 1", "Sungrow", "5", "2", "three", "north side", "Europe/Berlin", "yes"],
  ["INV-7002", "89860012345678901235", "Roof 2", "Huawei", "10", "4", "single", "", "Asia/Shanghai", "n"],
];
const foreignCsv = [foreignHeader, ...foreignRows].map((r) => r.join(",")).join("\n");

describe("suggested mapping", () => {
  it("normalizes names: case, separators, camelCase, units in brackets", () => {
    expect(nameWords("Device_ID")).toBe("device id");
    expect(nameWords("deviceId")).toBe("device id");
    expect(nameWords("Rated Power (kW) *")).toBe("rated power");
    expect(nameSimilarity("Time-Zone", "time zone")).toBe(1);
    expect(nameSimilarity("Manufacturer Name", "Manufacturer")).toBeGreaterThan(0.6);
  });

  it("matches by name, synonym and small misspellings", () => {
    const header = ["Device ID", "Display Name", "TZ", "Rated Pwer", "mppt_count", "Manufacturer", "Phase"];
    expect(targetOf(header)).toEqual({
      "Device ID": "deviceKey",
      "Display Name": "name",
      TZ: "timezone",
      "Rated Pwer": "attr.ratedPower",
      mppt_count: "attr.mpptCount",
      Manufacturer: "attr.manufacturer",
      Phase: "attr.phase",
    });
  });

  it("matches by sample values when the name says nothing: IANA zones, enum values, dates; an ICCID column is never the device key", () => {
    const header = ["Col1", "Col2", "Col3", "Col4", "Col5"];
    const samples = [
      ["89860012345678901234", "Europe/Berlin", "three", "2026-01-15", "yes"],
      ["89860012345678901235", "+08:00", "single", "2025-12-01", "N"],
    ];
    const suggestions = suggestMapping(header, samples, targets);
    expect(suggestions.map((s) => [s.target, s.reason])).toEqual([
      [null, null],
      ["timezone", "values"],
      ["attr.phase", "values"],
      ["attr.commissionDate", "values"],
      ["attr.gridConnected", "values"],
    ]);
  });

  it("a column named like a key but holding ICCIDs is not taken for the device key; the real key column is", () => {
    const samples = [["89860012345678901234", "GW-0001"], ["89860012345678901235", "GW-0002"]];
    expect(targetOf(["ID", "Serial"], samples)).toEqual({ ID: null, Serial: "deviceKey" });
  });

  it("gives each target to one column: the best match wins", () => {
    expect(targetOf(["Name", "Device Name"])).toEqual({ Name: null, "Device Name": "name" });
  });

  it("suggests the foreign export's columns, leaving out what fits nothing", () => {
    expect(targetOf(foreignHeader, foreignRows)).toMatchObject({
      Serial_No: "deviceKey",
      "SIM ICCID": null,
      Label: "name",
      "Manufacturer Name": "attr.manufacturer",
      ratedPower: "attr.ratedPower",
      Phase: "attr.phase",
      Notes: null,
      Col9: "timezone",
      "grid-connected": "attr.gridConnected",
    });
  });
});

describe("mapping checks and recall", () => {
  const mapping = (chosen: Record<string, string | null>): ColumnMapping => ({ header: foreignHeader, targets: foreignHeader.map((h) => chosen[h] ?? null) });
  const full = mapping({ Serial_No: "deviceKey", Label: "name", Col9: "timezone", ratedPower: "attr.ratedPower", MPPTs: "attr.mpptCount", "Manufacturer Name": "attr.manufacturer", Phase: "attr.phase", "grid-connected": "attr.gridConnected" });

  it("says which required columns are not covered and which target is taken twice", () => {
    expect(mappingProblems(full, targets)).toEqual([]);
    expect(mappingProblems(mapping({ Serial_No: "deviceKey", Label: "deviceKey" }), targets)).toEqual([
      '"Serial_No" and "Label" are both mapped to DeviceKey: pick one.',
      "Map a column to Device Name, Time Zone, Rated Power, MPPT Count, Manufacturer, Phase: they are required.",
    ]);
  });

  it("remembers by column names, so a reordered export with the same columns maps itself", () => {
    const remembered = rememberedFrom(full);
    const reordered = [...foreignHeader].reverse();
    expect(headerSignature(reordered)).toBe(headerSignature(foreignHeader));
    const again = recall(reordered, remembered, targets)!;
    expect(again.targets).toEqual([...full.targets].reverse());
    expect(recall([...foreignHeader, "New column"], remembered, targets)).toBeNull();
  });

  it("reads the mapped file exactly as the template: the same checks, the user's line numbers, conversions noted", async () => {
    // A blank line before the last row: lines stay as the user's editor numbers them.
    const own = readSheet(csv(`${foreignCsv}\n\nINV-7003,8986,,Sungrow,5,13,three,,Mars/Olympus,maybe\n`), testContext().limits);
    if (!own.ok) throw new Error(own.error.message);
    // Without a mapping the console is offered the mapping step, with the header and samples.
    const offered = checkSheet(own.value, testContext(), { offer: true });
    expect(offered.ok || offered.error.code).toBe("NEEDS_MAPPING");
    expect(offered.ok || offered.error.foreign).toMatchObject({ header: foreignHeader, headerLine: 1, samples: [foreignRows[0], foreignRows[1], expect.any(Array)] });
    const checked = checkSheet(own.value, testContext(), { apply: full });
    if (!checked.ok) throw new Error(checked.error.message);
    const result = await finishValidation(checked.value, testContext(), memoryLookup());
    expect(result.dialect).toBe("enos_template");
    expect(result.header).toEqual(["DeviceKey", "Device Name", "Time Zone", "Rated Power", "MPPT Count", "Manufacturer", "Phase", "Grid Connected"]);
    expect(result.rows.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(result.rows[0]!.change).toMatchObject({ deviceKey: "INV-7001", name: "Roof 1", timezone: "Europe/Berlin", attributes: { ratedPower: 5, gridConnected: true, phase: "three" } });
    expect(result.rows[1]!.change?.attributes?.gridConnected).toBe(false);
    expect(result.rows[0]!.conversions).toEqual([{ column: "Grid Connected", kind: "boolean", from: "yes" }]);
    expect(result.rows[0]!.cells["Grid Connected"]).toBe("true");
    expect(result.rows[2]!.errors.map((e) => e.message)).toEqual([
      "Device Name is required",
      'Time Zone "Mars/Olympus" is not a UTC offset between -12:00 and +14:00 or a city time zone (e.g. +08:00 or Europe/Berlin)',
      'MPPT Count "13" must be between 1 and 12',
      'Grid Connected "maybe" must be true or false (yes/no, y/n and 1/0 are read too)',
    ]);
  });

  it("refuses a mapping made for other columns, or one that leaves a required column out", () => {
    const sheet = readSheet(csv(foreignCsv), testContext().limits);
    if (!sheet.ok) throw new Error(sheet.error.message);
    const other = applyMapping(sheet.value, { ...full, header: [...foreignHeader].reverse() }, targets);
    expect(other.ok || other.error.message).toMatch(/not the ones that were mapped/);
    const partial = applyMapping(sheet.value, mapping({ Serial_No: "deviceKey" }), targets);
    expect(partial.ok || partial.error.message).toMatch(/Map a column to Device Name/);
  });

  it("a header too wide to map by hand stays refused, with what was found", () => {
    const wide = Array.from({ length: 201 }, (_, i) => `c${i}`);
    const sheet = readSheet(csv(`${wide.join(",")}\n${wide.map(() => "x").join(",")}\n`), testContext().limits);
    if (!sheet.ok) throw new Error(sheet.error.message);
    const result = checkSheet(sheet.value, testContext(), { offer: true });
    expect(result.ok || result.error.code).toBe("UNKNOWN_DIALECT");
  });

  it("the APIs are not offered a mapping: an unknown header stays refused", () => {
    const sheet = readSheet(csv(foreignCsv), testContext().limits);
    if (!sheet.ok) throw new Error(sheet.error.message);
    const result = checkSheet(sheet.value, testContext());
    expect(result.ok || result.error.code).toBe("UNKNOWN_DIALECT");
  });
});
