import { describe, expect, it } from "vitest";
import { TextPool } from "./text-pool";

describe("TextPool", () => {
  it("gives back the text it is given, repeated or not, in any column", () => {
    const pool = new TextPool();
    const texts = ["Sungrow", "true", "", " 5", "5.", "逆变器", "🙂", "x".repeat(41), "x".repeat(40), "Sungrow"];
    for (const [i, text] of texts.entries()) {
      expect(pool.keep(i % 3, text)).toBe(text);
      expect(pool.keep(i % 3, `${text}`)).toBe(text);
    }
  });

  it("holds at most 256 texts a column and 8,192 in all, whatever the file", () => {
    const pool = new TextPool();
    for (let i = 0; i < 10_000; i++) pool.keep(0, `key-${i}`);
    expect(pool.kept).toBe(256);
    for (let column = 1; column < 100; column++) for (let i = 0; i < 300; i++) pool.keep(column, `v${i}`);
    expect(pool.kept).toBe(8192);
    expect(pool.keep(200, "late")).toBe("late");
    expect(pool.kept).toBe(8192);
  });

  it("leaves texts over 40 characters out", () => {
    const pool = new TextPool();
    pool.keep(0, "x".repeat(41));
    expect(pool.kept).toBe(0);
  });
});
