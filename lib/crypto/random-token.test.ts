import { describe, expect, it } from "vitest";
import { neutralize } from "@/lib/import/reports/neutralize";
import { randomToken } from "./random-token";

describe("randomToken", () => {
  it("is letters and digits only, so an export never alters it", () => {
    const tokens = Array.from({ length: 2000 }, () => randomToken(24));
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9]{24}$/);
      expect(neutralize(token)).toBe(token);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it("uses the whole alphabet", () => {
    const seen = new Set(randomToken(20_000));
    expect(seen.size).toBe(62);
  });
});
