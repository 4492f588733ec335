import { describe, expect, it } from "vitest";
import { randomBytesPooled } from "./random-pool";

describe("randomBytesPooled", () => {
  it("hands out each byte once: 20,000 IVs across many refills are all different, of the size asked", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const iv = randomBytesPooled(12);
      expect(iv.length).toBe(12);
      seen.add(iv.toString("hex"));
    }
    expect(seen.size).toBe(20_000);
  });

  it("gives a value that later draws do not change, and serves sizes larger than the pool", () => {
    const first = randomBytesPooled(32);
    const copy = Buffer.from(first);
    for (let i = 0; i < 2_000; i++) randomBytesPooled(24);
    expect(first.equals(copy)).toBe(true);
    const big = randomBytesPooled(64 * 1024);
    expect(big.length).toBe(64 * 1024);
    expect(new Set(big).size).toBeGreaterThan(200);
  });
});
