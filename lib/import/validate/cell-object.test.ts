import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { ModelAttribute } from "../model";
import { parseCells } from "./cell-object";
import { attributeCheck, checkDeviceKey, checkEnosDeviceName, checkTemplateBoolean, checkTimeZone } from "./fields";
import { cell, toRowIssues } from "./zod-cell";

const attributes: ModelAttribute[] = [
  { identifier: "count", name: "Count", dataType: "int", required: false, min: -5, max: 1000 },
  { identifier: "power", name: "Power", dataType: "double", required: false, min: 0, max: 100 },
  { identifier: "ratio", name: "Ratio", dataType: "float", required: false },
  { identifier: "on", name: "On", dataType: "bool", required: false },
  { identifier: "label", name: "Label", dataType: "string", required: false, maxLength: 10 },
  { identifier: "phase", name: "Phase", dataType: "enum", required: false, enumValues: ["single", "three"] },
  { identifier: "since", name: "Since", dataType: "date", required: false },
  { identifier: "seen", name: "Seen", dataType: "timestamp", required: false },
  { identifier: "yes", name: "Yes", dataType: "bool", required: false },
];

const schema = z.object({
  deviceKey: cell(checkDeviceKey, "DeviceKey").optional(),
  name: cell(checkEnosDeviceName, "Device Name").optional(),
  timezone: cell(checkTimeZone, "Time Zone").optional(),
  attributes: z.object(Object.fromEntries(attributes.map((a) => [a.identifier, cell(a.identifier === "yes" ? checkTemplateBoolean : attributeCheck(a), a.name).optional()]))),
});

const viaZod = (input: unknown) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: toRowIssues(parsed.error) };
};

const tricky = [
  "1e5", "1E+5", "0x10", " 5", "5 ", "5.", ".5", "-0", "+7", "-5", "1001", "2147483648", "9007199254740993", "Infinity", "NaN", "", " ",
  "true", "TRUE", "yes", "Y", "0", "1", "single", "Three", "2026-02-29", "2024-02-29", "2026-01-15T00:00", "2026-01-15 08:30:00", "2026-01-15T08:30:00+0800", "1768435200000",
  "Wechselrichter Süd", "逆变器 1", "🙂🙂", "a".repeat(11), "é".repeat(10), "x".repeat(40_000), "9".repeat(100), "INV-0000001", "in v", "Europe/Berlin", "+08:00", "+15:00", "\u0000",
];

describe("parseCells", () => {
  it("gives what zod gives, for every tricky value in every column", () => {
    const spy = vi.spyOn(schema, "safeParse");
    for (const value of tricky) {
      const input = { deviceKey: value, name: value, timezone: value, attributes: Object.fromEntries(attributes.map((a) => [a.identifier, value])) };
      const expected = viaZod(input);
      spy.mockClear();
      expect(parseCells(schema, input), value.slice(0, 20)).toStrictEqual(expected);
      // The values are all strings: the fast path answered, zod was never asked.
      expect(spy).not.toHaveBeenCalled();
    }
    spy.mockRestore();
  });

  it("keeps zod's difference between an absent key and one present as undefined", () => {
    for (const input of [{ attributes: {} }, { deviceKey: undefined, attributes: { count: undefined } }, { deviceKey: "INV-1", extra: "dropped", attributes: { power: "5.5", unknown: "x" } }]) {
      expect(parseCells(schema, input)).toStrictEqual(viaZod(input));
    }
  });

  it("leaves inputs outside the plain shape to zod, with zod's own issues", () => {
    for (const input of [{ deviceKey: 5, attributes: {} }, { deviceKey: "INV-1" }, { attributes: null }, { attributes: [] }, null, "row", { attributes: { count: 3 } }]) {
      const result = parseCells(schema, input);
      expect(result).toStrictEqual(viaZod(input));
      expect(result.success).toBe(false);
    }
  });

  it("runs zod itself for schemas it cannot mirror (refinements, records, required cells given nothing)", () => {
    const refined = z.object({ key: cell(checkDeviceKey, "Key").optional() }).refine((v) => v.key !== "INV-9", { message: "no 9" });
    expect(parseCells(refined, { key: "INV-9" })).toStrictEqual({ success: false, issues: [{ column: null, code: "INVALID_VALUE", message: "no 9" }] });
    const record = z.object({ tags: z.record(z.string(), cell(checkDeviceKey, "Tags")) });
    expect(parseCells(record, { tags: { a: "x" } })).toStrictEqual({ success: false, issues: toRowIssues(record.safeParse({ tags: { a: "x" } }).error!) });
    const required = z.object({ key: cell(checkDeviceKey, "Key") });
    expect(parseCells(required, {})).toStrictEqual({ success: false, issues: toRowIssues(required.safeParse({}).error!) });
    expect(parseCells(required, { key: "INV-1" })).toStrictEqual({ success: true, data: { key: "INV-1" } });
  });
});
