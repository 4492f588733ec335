import { describe, expect, it } from "vitest";
import { commitCodeOf, loggableError, writeFailure } from "./write-failure";

/** As drizzle throws them: the driver's error under `cause`, the statement and its parameters on top. */
const wrapped = (cause: Record<string, string>) => Object.assign(new Error("Failed query: insert into ... params: secret"), { query: "insert into x values ($1)", params: ["secret"], cause });

describe("a database error on one row", () => {
  it("becomes a code and a sentence without SQL or parameters", () => {
    const cases: [Record<string, string>, string][] = [
      [{ code: "23505", constraint: "devices_org_key_uq" }, "DEVICE_KEY_TAKEN"],
      [{ code: "23505", constraint: "sims_iccid_unique" }, "ICCID_TAKEN"],
      [{ code: "23505", constraint: "external_ids_org_type_value_uq" }, "EXTERNAL_ID_TAKEN"],
      [{ code: "54000", message: 'index row size 4040 exceeds btree version 4 maximum 2704 for index "device_groups_org_path_uq"' }, "VALUE_TOO_LONG"],
      [{ code: "22001" }, "VALUE_TOO_LONG"],
      [{ code: "23503" }, "DEVICE_GONE"],
      [{ code: "XX000", message: "something else" }, "WRITE_FAILED"],
    ];
    for (const [cause, code] of cases) {
      const failure = writeFailure(wrapped(cause), "ref-1");
      expect(failure.code).toBe(code);
      expect(failure.message).not.toMatch(/insert|params|secret|\$1|btree|index row/i);
    }
    expect(writeFailure(wrapped({ code: "54000", message: 'for index "device_groups_org_path_uq"' }), "r").message).toMatch(/^The group path of this row is too long/);
    expect(writeFailure(new Error("boom"), "ref-2").message).toBe("The database refused this row (reference ref-2); nothing of it was written");
  });

  it("goes to the log with the database's words and the statement, never the parameters", () => {
    const logged = loggableError(wrapped({ code: "54000", message: "index row size", constraint: "c" }));
    expect(logged).toEqual({ code: "54000", message: "index row size", constraint: "c", detail: undefined, table: undefined, query: "insert into x values ($1)" });
    expect(JSON.stringify(logged)).not.toContain("secret");
  });

  it("a check that fails again at commit names what changed since the preview", () => {
    expect(commitCodeOf("DEVICE_KEY_EXISTS")).toBe("DEVICE_KEY_TAKEN");
    expect(commitCodeOf("DEVICE_NOT_FOUND")).toBe("DEVICE_GONE");
    expect(commitCodeOf("ICCID_TAKEN")).toBe("ICCID_TAKEN");
  });
});
