import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/test/database";
import { MAX_FAILURES, WINDOW_MS, clearSignInFailures, recordSignInFailure, signInBlockedFor, throttledMessage } from "./throttle";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.dispose());

describe("sign-in throttling", () => {
  it("blocks an email after five failures in fifteen minutes, known or not, until the window passes", async () => {
    const db = database.db;
    for (const email of ["admin@example.com", "nobody@example.com"]) {
      for (let i = 0; i < MAX_FAILURES - 1; i++) await recordSignInFailure({ db, email });
      expect(await signInBlockedFor({ db, email })).toBe(0);
      await recordSignInFailure({ db, email: email.toUpperCase() });
      const seconds = await signInBlockedFor({ db, email });
      expect(seconds).toBeGreaterThan(14 * 60);
      expect(seconds).toBeLessThanOrEqual(15 * 60);
      expect(await signInBlockedFor({ db, email, now: new Date(Date.now() + WINDOW_MS + 1000) })).toBe(0);
    }
    await clearSignInFailures({ db, email: "admin@example.com" });
    expect(await signInBlockedFor({ db, email: "admin@example.com" })).toBe(0);
    expect(throttledMessage(899)).toBe("Too many failed sign-ins for this email. Try again in 15 minutes.");
  });
});
