import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devices, imports, organizations } from "@/db/schema";
import { deviceCsvRow as row, deviceCsvText as file, meterCreateRow as create } from "@/lib/import/__fixtures__/device-csv";
import { documented, multipart, post, secrets, setUpApi } from "./__fixtures__/api-setup";
import { handleCsvImport, handleCsvValidate } from "./device-csv";
import { handleImportRollback } from "./import-rollback";

let api: Awaited<ReturnType<typeof setUpApi>>;
beforeAll(async () => {
  api = await setUpApi();
  await api.db.update(organizations).set({ apiCallsPerMinute: 1000 }).where(eq(organizations.id, api.acme.id));
});
afterAll(() => api.database.dispose());

const importCsv = async (csv: string) => {
  const response = await handleCsvImport(api.db, post("/devices/csv", api.keys.operator, csv, { "content-type": "text/csv" }), secrets);
  return (await documented("/devices/csv", "post", response)) as { id: string; updated: number };
};
const rollback = async (id: string, key = api.keys.admin) => {
  const response = await handleImportRollback(api.db, post(`/devices/imports/${id}/rollback`, key, ""), id);
  return { status: response.status, body: (await documented("/devices/imports/{id}/rollback", "post", response)) as Record<string, unknown> };
};
const device = async (key: string) => (await api.db.select().from(devices).where(eq(devices.deviceKey, key)))[0];

describe("POST /devices/csv_validate: the per-row changes", () => {
  it("answers before → after for updates, marks no-change rows, says what a delete removes, and counts each kind", async () => {
    await importCsv(file(create("VC:01", { 2: "SN-1", 15: "a;b" }), create("VC:02"), create("VC:03", { 21: "89000000000000006603" })));
    const csv = file(row({ 1: "VC:01", 4: "acme", 20: "true", 2: "SN-2", 15: "b" }), row({ 1: "VC:02", 4: "acme", 20: "true", 0: "Meter VC:02" }), row({ 1: "VC:03", 4: "acme", 19: "true" }), create("VC:04"));
    const response = await handleCsvValidate(api.db, post("/devices/csv_validate", api.keys.operator, multipart(csv)));
    const body = (await documented("/devices/csv_validate", "post", response)) as Record<string, unknown>;
    expect(body.change_counts).toEqual({ create: 1, update: 1, no_change: 1, delete: 1, credentials: 0 });
    expect(body.changes).toEqual([
      {
        line: 2,
        device_unique_id: "VC:01",
        kind: "update",
        fields: [
          { field: "labels", column: "Tags", before: "a, b", after: "b" },
          { field: "serialNumber", column: "Serial Number", before: "SN-1", after: "SN-2" },
        ],
      },
      { line: 3, device_unique_id: "VC:02", kind: "no_change", fields: [] },
      { line: 4, device_unique_id: "VC:03", kind: "delete", removes: { device: "Meter VC:03", sim: "89000000000000006603", external_ids: [] } },
      { line: 5, device_unique_id: "VC:04", kind: "create" },
    ]);
    // Validate only: nothing changed.
    expect((await device("VC:01"))!.serialNumber).toBe("SN-1");
  });
});

describe("POST /devices/imports/{id}/rollback", () => {
  it("undoes a completed import once, for admin keys of its organization", async () => {
    await importCsv(file(create("RBA:01", { 3: "Hall 1" })));
    const changed = await importCsv(file(row({ 1: "RBA:01", 4: "acme", 20: "true", 3: "Hall 2" }), create("RBA:02")));
    expect((await device("RBA:01"))!.location).toBe("Hall 2");

    expect((await rollback(changed.id, api.keys.operator)).status).toBe(403);
    expect((await rollback(changed.id, api.keys.globex)).status).toBe(403);
    const done = await rollback(changed.id);
    expect(done).toMatchObject({ status: 200, body: { rollback_of: changed.id, status: "completed", deleted: 1, restored: 1, recreated: 0, skipped: [] } });
    expect((await device("RBA:01"))!.location).toBe("Hall 1");
    expect(await device("RBA:02")).toBeUndefined();
    const [entry] = await api.db.select().from(imports).where(eq(imports.id, String(done.body.id)));
    expect(entry).toMatchObject({ rollbackOf: changed.id, source: "api", status: "completed" });

    expect(await rollback(changed.id)).toMatchObject({ status: 409, body: { code: "NOT_ROLLED_BACK" } });
    expect((await rollback("00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });
});
