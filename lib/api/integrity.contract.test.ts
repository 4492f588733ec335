import { randomBytes } from "node:crypto";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deviceGroups, devices, imports, organizations } from "@/db/schema";
import { deviceCsvText as deviceCsv, meterCreateRow as create } from "@/lib/import/__fixtures__/device-csv";
import { importCounters, unaccounted } from "@/lib/imports/counters";
import { documented, post, secrets, setUpApi } from "./__fixtures__/api-setup";
import { handleBulkNewDeviceRequests } from "./c8y";
import { handleCsvImport } from "./device-csv";
import { handleBatchCreate } from "./enos";

let api: Awaited<ReturnType<typeof setUpApi>>;
beforeAll(async () => {
  api = await setUpApi();
  // More than the default 20 calls a minute per key.
  await api.db.update(organizations).set({ apiCallsPerMinute: 1000 });
});
afterAll(() => api.database.dispose());

const INTERNALS = /select |insert into|update "|params|failed query|\$\d|jsonb_to_recordset|index row|btree|at .*\(/i;
const importOf = async (id: string) => (await api.db.select().from(imports).where(eq(imports.id, id)))[0]!;
const latestImport = async () => (await api.db.select().from(imports).orderBy(imports.createdAt)).at(-1)!;
const expectAccounted = async (id: string) => expect(unaccounted(importCounters(await importOf(id)))).toBe(0);

const register = (csv: string) => {
  const form = new FormData();
  form.append("file", new File([csv], "bulk.csv", { type: "text/csv" }));
  return handleBulkNewDeviceRequests(api.db, post("/devicecontrol/bulkNewDeviceRequests", api.keys.operator, form), secrets);
};
const importCsv = async (csv: string, query = "") => {
  const response = await handleCsvImport(api.db, post(`/devices/csv${query}`, api.keys.operator, csv, { "content-type": "text/csv" }), secrets);
  return { status: response.status, body: (await documented("/devices/csv", "post", response)) as Record<string, unknown> & { errors: { line: number; code: string; message: string }[] } };
};
const sumOf = (b: Record<string, unknown>) => ["created", "updated", "deleted", "credential_updated", "failed", "skipped"].reduce((n, k) => n + (b[k] as number), 0);

describe("Cumulocity: a row the database refuses", () => {
  it("fails alone with its code; the 201's counters add up and hold no internals", async () => {
    const huge = randomBytes(3000).toString("base64");
    const response = await register(["ID;CREDENTIALS;TYPE;NAME;PATH;external-imei", "CAP-1;pw;MTR3P;a;Cap/A;imei-cap-1", `CAP-2;pw;MTR3P;b;Cap/B;${huge}`, "CAP-3;pw;MTR3P;c;Cap/C;imei-cap-3"].join("\n"));
    expect(response.status).toBe(201);
    const body = (await documented("/devicecontrol/bulkNewDeviceRequests", "post", response)) as Record<string, unknown> & { failedCreationList: Record<string, string>[] };
    expect(body).toMatchObject({ numberOfAll: 3, numberOfCreated: 2, numberOfFailed: 1, numberOfSuccessful: 2 });
    expect((body.numberOfSuccessful as number) + (body.numberOfFailed as number)).toBe(body.numberOfAll);
    expect(body.failedCreationList).toEqual([
      expect.objectContaining({ bulkNewDeviceStatus: "FAILED", deviceId: "CAP-2", failureCode: "VALUE_TOO_LONG", failureReason: expect.stringMatching(/^An external ID of this row is too long to be stored/) }),
    ]);
    expect(JSON.stringify(body)).not.toMatch(INTERNALS);
    const imp = await latestImport();
    expect(imp).toMatchObject({ status: "completed_with_failures", createdCount: 2, failedCount: 1 });
    await expectAccounted(imp.id);
    expect((await api.db.select({ path: deviceGroups.path }).from(deviceGroups).where(like(deviceGroups.path, "Cap%"))).map((g) => g.path).sort()).toEqual(["Cap", "Cap/A", "Cap/C"]);
  });

  it("a masked credential is a row failure with its code, never a password", async () => {
    const body = (await (await register("ID;CREDENTIALS;TYPE;NAME\nMSK-1;••••••;MTR3P;a\n")).json()) as { numberOfFailed: number; failedCreationList: { failureCode: string }[] };
    expect(body.numberOfFailed).toBe(1);
    expect(body.failedCreationList[0]!.failureCode).toBe("MASKED_SECRET");
    expect(await api.db.$count(devices, eq(devices.deviceKey, "MSK-1"))).toBe(0);
  });
});

describe("device CSV: accounting, all or nothing, parents", () => {
  it("total = created + updated + deleted + credential_updated + failed + skipped", async () => {
    const { body } = await importCsv(deviceCsv(create("ACC:01"), create("ACC:02", { 6: "-1" })));
    expect(body).toMatchObject({ status: "completed", total: 2, created: 1, failed: 0, skipped: 1, credential_updated: 0, all_or_nothing: false });
    expect(sumOf(body)).toBe(body.total);
  });

  it("all_or_nothing=true writes nothing when any row is not written, and every row says why", async () => {
    const { status, body } = await importCsv(deviceCsv(create("AON:01"), create("AON:02", { 6: "-1" }), create("AON:03")), "?all_or_nothing=true");
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "failed", total: 3, created: 0, failed: 2, skipped: 1, all_or_nothing: true });
    expect(sumOf(body)).toBe(body.total);
    expect(body.errors.map((e) => [e.line, e.code])).toEqual([
      [2, "ROLLED_BACK"],
      [3, "OUT_OF_RANGE"],
      [4, "ROLLED_BACK"],
    ]);
    expect(body.errors[0]!.message).toBe("Not written: the import was all or nothing, and line 3 was not imported");
    expect(await api.db.$count(devices, like(devices.deviceKey, "AON:%"))).toBe(0);
    const bad = await handleCsvImport(api.db, post("/devices/csv?all_or_nothing=yes", api.keys.operator, deviceCsv(create("AON:09")), { "content-type": "text/csv" }), secrets);
    expect(bad.status).toBe(400);
    expect(await api.db.$count(devices, eq(devices.deviceKey, "AON:09"))).toBe(0);
  });

  it("all_or_nothing=true with every row good writes them all", async () => {
    const { body } = await importCsv(deviceCsv(create("AOK:01"), create("AOK:02")), "?all_or_nothing=true");
    expect(body).toMatchObject({ status: "completed", created: 2, failed: 0, skipped: 0 });
  });

  it("links a Parent Device ID created earlier in the same file", async () => {
    const { body } = await importCsv(deviceCsv(create("FAM:GW"), create("FAM:CH", { 14: "FAM:GW" })));
    expect(body).toMatchObject({ created: 2, failed: 0 });
    const [gateway] = await api.db.select().from(devices).where(eq(devices.deviceKey, "FAM:GW"));
    const [child] = await api.db.select().from(devices).where(eq(devices.deviceKey, "FAM:CH"));
    expect(child!.parentDeviceId).toBe(gateway!.id);
  });
});

describe("EnOS: accounting", () => {
  it("the summary accounts for every item, and a failed item carries its code", async () => {
    const option = (deviceKey: string) => ({
      productKey: "INV5K",
      deviceName: { defaultValue: "Roof inverter" },
      timezone: "+08:00",
      deviceAttributes: { ratedPower: 5, mpptCount: 2, manufacturer: "Sungrow", phase: "three" },
      deviceKey,
    });
    const response = await handleBatchCreate(
      api.db,
      post("/connect-service/v2.4/devices?action=batchCreate&orgId=acme", api.keys.operator, JSON.stringify({ deviceList: [option("ENA-1"), option("ENA-1")] }), { "content-type": "application/json" }),
      secrets,
    );
    const body = (await documented("/connect-service/v2.4/devices", "post", response)) as { summary: Record<string, number>; data: { code: number; errorCode?: string }[]; totalSize: number; successSize: number };
    expect(body.summary).toEqual({ total: 2, created: 1, failed: 0, skipped: 1 });
    expect(body.data.map((d) => [d.code, d.errorCode])).toEqual([
      [0, undefined],
      [11702, "DUPLICATE_DEVICE_KEY"],
    ]);
  });
});
