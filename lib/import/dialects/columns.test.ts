import { describe, expect, it } from "vitest";
import { cellsByHeader } from "./columns";

describe("cellsByHeader", () => {
  it("keys cells by trimmed header, in header order, for every row of the same header", () => {
    const header = [" Name ", "", "Key", "__proto__", "Key", "Extra"];
    const first = cellsByHeader(header, ["n1", "skipped", "k1", "p1", "k2"]);
    expect(Object.keys(first)).toEqual(["Name", "Key", "__proto__", "Extra"]);
    expect(first).toEqual(Object.fromEntries([["Name", "n1"], ["Key", "k2"], ["__proto__", "p1"], ["Extra", ""]]));
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
    // A second row gets its own record: the first is not touched.
    const second = cellsByHeader(header, ["n2", "", "k3"]);
    expect(second).toEqual(Object.fromEntries([["Name", "n2"], ["Key", ""], ["__proto__", ""], ["Extra", ""]]));
    expect(first["Name"]).toBe("n1");
  });
});
