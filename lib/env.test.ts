import { describe, expect, it } from "vitest";
import { EnvError, readEnv, redactUrl } from "./env";

describe("readEnv", () => {
  it("uses the embedded database when DATABASE_URL is unset or empty", () => {
    expect(readEnv({}).DATABASE_URL).toBeUndefined();
    expect(readEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
    expect(readEnv({ DATA_DIR: "/tmp/x" }).pgliteDir).toBe("/tmp/x/pglite");
  });

  it("accepts postgres and postgresql URLs", () => {
    expect(readEnv({ DATABASE_URL: "postgres://u@db:5432/app" }).DATABASE_URL).toBe("postgres://u@db:5432/app");
    expect(readEnv({ DATABASE_URL: "postgresql://u@db/app" }).DATABASE_URL).toBe("postgresql://u@db/app");
  });

  it.each(["mysql://u@db/app", "not a url", "postgres://"])("refuses %s with one line naming the variable", (value) => {
    expect(() => readEnv({ DATABASE_URL: value })).toThrow(EnvError);
    try {
      readEnv({ DATABASE_URL: value });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/^DATABASE_URL must be a postgres:\/\//);
      expect(message).not.toContain("\n");
    }
  });

  it("never prints the password of a refused URL", () => {
    expect(() => readEnv({ DATABASE_URL: "mysql://me:hunter2@db/app" })).toThrow(/me:\*\*\*@db/);
    expect(redactUrl("postgres://me:hunter2@db/app")).toBe("postgres://me:***@db/app");
  });
});
