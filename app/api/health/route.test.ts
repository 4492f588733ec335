import { describe, expect, it } from "vitest";

describe("GET /api/health", () => {
  it("answers 503 until the database is migrated (here: it never can be)", async () => {
    process.env.DATABASE_URL = "postgres://nobody@127.0.0.1:1/unreachable";
    const { GET } = await import("./route");
    const starting = GET();
    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({ status: "starting", database: null });
    // Once the start has failed, it stays 503 and says so.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const failed = GET();
    expect(failed.status).toBe(503);
    expect((await failed.json()).status).toBe("failed");
    delete process.env.DATABASE_URL;
  });
});
