import { describe, expect, it } from "vitest";
import { rowChanges, type DeviceSnapshot } from "./row-changes";

const before: DeviceSnapshot = {
  deviceKey: "K-1",
  productKey: "MTR3P",
  name: "Meter",
  attributes: {},
  tags: { site: "Berlin", floor: "1" },
  labels: [],
  properties: {},
  sim: null,
  externalIds: [{ type: "c8y_Serial", value: "K-1" }],
  hasCredentials: true,
  groupPath: "Plant/Hall A",
};

describe("rowChanges", () => {
  it("never shows a credential, only that it is replaced", () => {
    const changes = rowChanges({ operation: "upsert_credentials", change: { deviceKey: "K-1", credentials: "hunter2-secret" }, columns: { credentials: "CREDENTIALS" } }, before, ["ID", "CREDENTIALS"]);
    expect(changes).toEqual({ kind: "credentials", fields: [{ field: "credentials", column: "CREDENTIALS", before: "(set)", after: "(new value)" }] });
    expect(JSON.stringify(changes)).not.toContain("hunter2");
  });

  it("shows a map as replaced whole (keys sorted), and a change without a column of its own with a null column", () => {
    const changes = rowChanges({ operation: "update", change: { deviceKey: "K-1", tags: { floor: "2" }, groupPath: "Plant/Hall B" }, columns: {} }, before, ["deviceKey"]);
    expect(changes).toEqual({
      kind: "update",
      fields: [
        { field: "tags", column: null, before: "floor=1; site=Berlin", after: "floor=2" },
        { field: "groupPath", column: null, before: "Plant/Hall A", after: "Plant/Hall B" },
      ],
    });
  });

  it("a create has no before-image; an invalid row has no changes", () => {
    expect(rowChanges({ operation: "create", change: { deviceKey: "K-2" }, columns: {} }, null, [])).toEqual({ kind: "create" });
    expect(rowChanges({ operation: "update", change: null, columns: {} }, before, [])).toBeNull();
  });
});
