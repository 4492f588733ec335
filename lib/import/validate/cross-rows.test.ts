import { describe, expect, it } from "vitest";
import { csv, memoryLookup, testContext } from "../__fixtures__/context";
import { validateFile } from "../validate-file";

describe("checks across the rows of one file", () => {
  it("warns about device keys that differ only in letter case, naming the first line; both rows stay valid", async () => {
    const text = "ID;CREDENTIALS;TYPE;NAME\nABC-1;pass-one-1;INV5K;First\nabc-1;pass-two-2;INV5K;Second\nAbc-2;pass-three;INV5K;Third\n";
    const result = await validateFile(csv(text), testContext(), memoryLookup());
    if (!result.ok) throw new Error(result.error.message);
    // Only the case warnings (each create also says which required attributes it leaves out).
    const [first, second, third] = result.value.rows.map((r) => ({ warnings: r.warnings.filter((w) => w.code !== "REQUIRED_ATTRIBUTES_MISSING") }));
    expect(first!.warnings).toEqual([]);
    expect(second!.warnings).toEqual([
      expect.objectContaining({ code: "DEVICE_KEY_CASE", message: expect.stringContaining('"abc-1" differs only in letter case from "ABC-1" on line 2') }),
    ]);
    expect(third!.warnings).toEqual([]);
    expect(result.value.summary).toMatchObject({ valid: 3, withWarnings: 3 });
  });
});
