import { describe, expect, it } from "vitest";
import { describeFixCount, planBulkEdit, refuseBulkEdit } from "./bulk-edit";

const rows = [
  { line: 7, cells: { Phase: "3", Name: "a-old-old" } },
  { line: 3, cells: { Phase: "", Name: "b" } },
  { line: 5, cells: { Phase: "three", Name: "old" } },
];

describe("planBulkEdit", () => {
  it("sets a column, leaving rows that already hold the value out", () => {
    expect([...planBulkEdit({ kind: "set", column: "Phase", value: "three" }, rows).cells]).toEqual([
      [7, { Phase: "three" }],
      [3, { Phase: "three" }],
    ]);
  });
  it("replaces every occurrence in matching cells only, case as typed", () => {
    expect([...planBulkEdit({ kind: "replace", column: "Name", find: "old", replace: "new" }, rows).cells]).toEqual([
      [7, { Name: "a-new-new" }],
      [5, { Name: "new" }],
    ]);
    expect(planBulkEdit({ kind: "replace", column: "Name", find: "OLD", replace: "new" }, rows).cells.size).toBe(0);
  });
  it("fills down from the first row in the view's order, not the lowest line", () => {
    expect([...planBulkEdit({ kind: "fill-down", column: "Phase" }, rows).cells]).toEqual([
      [3, { Phase: "3" }],
      [5, { Phase: "3" }],
    ]);
  });
  it("removes the rows it is given", () => {
    expect(planBulkEdit({ kind: "remove" }, rows).removed).toEqual([7, 3, 5]);
  });
});

describe("refuseBulkEdit", () => {
  it("names a column the file does not have, and refuses to search masked passwords", () => {
    expect(refuseBulkEdit({ kind: "set", column: "Nope", value: "" }, ["Phase"])).toBe('The file has no column "Nope".');
    expect(refuseBulkEdit({ kind: "replace", column: "Credentials", find: "a", replace: "b" }, ["Credentials"])).toMatch(/masked/);
    expect(refuseBulkEdit({ kind: "set", column: "Credentials", value: "x" }, ["Credentials "])).toBeNull();
  });
});

describe("describeFixCount", () => {
  it("says how many rows the edit fixed and how many stay invalid", () => {
    expect(describeFixCount({ edited: 1000, wereInvalid: 1000, changed: 1000, fixed: 812, stillInvalid: 188, removed: 0, othersChanged: 0 })).toBe("Fixed 812 of 1,000 rows; 188 still invalid.");
    expect(describeFixCount({ edited: 0, wereInvalid: 0, changed: 0, fixed: 0, stillInvalid: 0, removed: 2, othersChanged: 1 })).toBe("Removed 2 rows from the import; 1 row elsewhere checked again.");
    expect(describeFixCount({ edited: 6, wereInvalid: 0, changed: 1, fixed: 0, stillInvalid: 0, removed: 0, othersChanged: 0 })).toBe("Changed 1 of 6 rows; all valid.");
    expect(describeFixCount({ edited: 3, wereInvalid: 1, changed: 0, fixed: 0, stillInvalid: 1, removed: 0, othersChanged: 0 })).toBe("No cell changed.");
  });
});
