import { describe, expect, it } from "vitest";
import { DatabaseUnreachableError, openDatabase } from "./client";

describe("openDatabase", () => {
  it("names DATABASE_URL in one line, without the password, when PostgreSQL cannot be reached", async () => {
    const attempt = openDatabase({ url: "postgres://app:hunter2@127.0.0.1:1/nowhere" });
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnreachableError);
    const message = await attempt.catch((e: Error) => e.message);
    expect(message).toMatch(/^DATABASE_URL: cannot connect to postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/nowhere \(.*ECONNREFUSED.*\)$/);
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("\n");
  });
});
