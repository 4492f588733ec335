import { describe, expect, it } from "vitest";
import { issue } from "../issue";
import { checkDate } from "./fields";

/** checkDate as it was before its fast path: the patterns alone. */
function byPattern(value: string, column: string) {
  const calendar = (y: number, m: number, d: number) => {
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  };
  const m = value.length <= 40 ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (m && calendar(+m[1]!, +m[2]!, +m[3]!)) return { value };
  const fromTimestamp = value.length <= 40 ? /^(\d{4}-\d{2}-\d{2})T00:00(:00)?$/.exec(value) : null;
  if (fromTimestamp) return { value: fromTimestamp[1]! };
  const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return { issue: issue(column, "NOT_A_DATE", `${column} "${shown}" is not a date; use YYYY-MM-DD, e.g. 2026-01-15`) };
}

describe("checkDate", () => {
  it("answers as its patterns do, for plain and tricky dates", () => {
    const values = [
      "2026-01-15", "2024-02-29", "2026-02-29", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "0000-01-01", "9999-12-31",
      "2026-1-15", "2026-01-1 ", " 2026-01-15", "2026/01/15", "2026-01-15T00:00", "2026-01-15T00:00:00", "2026-01-15T08:00",
      "２０２６-01-15", "2026-01-1５", "202a-01-15", "2026-01-15\n", "+2026-01-1", "-026-01-15", "1e5", "", "x".repeat(70),
    ];
    for (const value of values) expect(checkDate(value, "Commission Date"), value).toEqual(byPattern(value, "Commission Date"));
  });
});
