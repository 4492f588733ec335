import { describe, expect, it } from "vitest";
import type { ModelAttribute } from "../model";
import { normalizeHeader } from "../dialects/columns";
import { attributeCheck, checkBoolean, checkDeviceKey, checkEnosDeviceName, checkTimeZone } from "./fields";

const MB = 1024 * 1024;
const types: ModelAttribute["dataType"][] = ["int", "float", "double", "bool", "string", "enum", "date", "timestamp"];
const attribute = (dataType: ModelAttribute["dataType"]): ModelAttribute =>
  ({ identifier: "x", name: "X", dataType, required: false, min: 0, max: 10, maxLength: 255, enumValues: ["a", "b"] }) as ModelAttribute;

/** Values built to make a backtracking pattern try every split: long runs, then one wrong character. */
const hostile = ["1".repeat(MB) + "a", "1".repeat(MB / 2) + "." + "1".repeat(MB / 2) + "x", "2026-01-15".repeat(MB / 10), " ".repeat(MB) + "x", "a".repeat(MB)];

const timed = (fn: () => unknown) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

describe("validation takes time in proportion to the value, never more", () => {
  it("checks 1 MB values of every data type in under 100 ms each, and refuses them", () => {
    for (const type of types) {
      const check = attributeCheck(attribute(type));
      for (const value of hostile) {
        let result: ReturnType<typeof check> | undefined;
        const ms = timed(() => (result = check(value, "X")));
        expect(ms, `${type} on ${value.slice(0, 12)}…`).toBeLessThan(100);
        expect(result, type).toHaveProperty("issue");
      }
    }
  });

  it("checks 1 MB device keys, names, time zones, booleans and header names in under 100 ms each", () => {
    const checks = [checkDeviceKey, checkEnosDeviceName, checkTimeZone, checkBoolean, (v: string) => normalizeHeader(v)];
    for (const check of checks) for (const value of hostile) expect(timed(() => check(value, "X"))).toBeLessThan(100);
  });

  it("refuses the crafted long number that froze the server (100,000 digits and a letter)", () => {
    const check = attributeCheck(attribute("double"));
    const value = "9".repeat(100_000) + "x";
    expect(timed(() => check(value, "Efficiency"))).toBeLessThan(100);
    expect(check(value, "Efficiency")).toMatchObject({ issue: { code: "NOT_A_NUMBER" } });
  });
});
