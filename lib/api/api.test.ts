import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devices, imports, organizations } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { secretBox } from "@/lib/crypto/secret-box";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { createServiceAccount, revokeServiceAccount } from "@/lib/service-accounts/service";
import { createTestDatabase } from "@/test/database";
import { handleBulkNewDeviceRequests } from "./c8y";
import { handleCsvImport, handleCsvValidate } from "./device-csv";
import { handleBatchCreate } from "./enos";
import { decryptDeviceSecret } from "./enos-secret";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const secrets = secretBox(randomBytes(32));
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, publicKeyEncoding: { type: "spki", format: "pem" }, privateKeyEncoding: { type: "pkcs8", format: "pem" } });
const keys = { operator: "", withRsa: "", viewer: "", revoked: "", globex: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await seedDemoData(db);
  const [acme] = await db.select().from(organizations).where(eq(organizations.slug, "acme"));
  const [globex] = await db.select().from(organizations).where(eq(organizations.slug, "globex"));
  const make = async (organizationId: string, role: "operator" | "viewer", rsaPublicKey?: string) =>
    (await createServiceAccount({ db, organizationId, input: { name: `${role} bot`, role, rsaPublicKey } })).apiKey;
  keys.operator = await make(acme!.id, "operator");
  keys.withRsa = await make(acme!.id, "operator", rsa.publicKey);
  keys.viewer = await make(acme!.id, "viewer");
  const revoked = await createServiceAccount({ db, organizationId: acme!.id, input: { name: "old", role: "admin" } });
  await revokeServiceAccount({ db, organizationId: acme!.id, id: revoked.account.id });
  keys.revoked = revoked.apiKey;
  keys.globex = await make(globex!.id, "operator");
});
afterAll(() => database.dispose());

const db = () => database.db;
const post = (path: string, key: string | null, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`http://localhost${path}`, { method: "POST", body, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
const json = (value: unknown) => JSON.stringify(value);
const multipart = (csv: string, name = "devices.csv") => {
  const form = new FormData();
  form.append("file", new File([csv], name, { type: "text/csv" }));
  return form;
};
const enos = (body: unknown, key = keys.operator, org = "acme") => handleBatchCreate(db(), post(`/connect-service/v2.4/devices?action=batchCreate&orgId=${org}`, key, json(body), { "content-type": "application/json" }), secrets);
const inverter = (deviceKey?: string) => ({
  productKey: "INV5K",
  deviceName: { defaultValue: "Device Name", i18nValue: { zh_CN: "设备名称", en_US: "Device Name" } },
  timezone: "+08:00",
  deviceAttributes: { ratedPower: 5, mpptCount: 2, manufacturer: "Sungrow", phase: "three" },
  ...(deviceKey ? { deviceKey } : {}),
  deviceDesc: "Device description",
  deviceTags: { tag1: "tag value" },
});

describe("authentication", () => {
  it("answers 401 for a missing, malformed, unknown or revoked key, and for a key in the URL", async () => {
    const call = (key: string | null, query = "") => handleCsvValidate(db(), post(`/devices/csv_validate${query}`, key, "x"));
    for (const [key, query] of [[null, ""], ["not-a-key", ""], [`dic_AAAAAAAA_${"x".repeat(43)}`, ""], [keys.revoked, ""], [null, `?apiKey=${keys.operator}`]] as const) {
      const response = await call(key, query);
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe("Unauthorized");
    }
  });

  it("answers 403 to a key without device management, or for another organization", async () => {
    expect((await handleCsvValidate(db(), post("/devices/csv_validate", keys.viewer, "x"))).status).toBe(403);
    const foreign = await enos({ deviceList: [inverter("X-0001")] }, keys.globex, "acme");
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).msg).toBe('This service account does not belong to organization "acme".');
  });
});

describe("EnOS batchCreate (seed 001)", () => {
  it("creates the seed sample's two devices and returns every field, secrets RSA-encrypted", async () => {
    const meter = { ...inverter("API-0002"), productKey: "MTR3P", deviceName: { defaultValue: "Device Name 2", i18nValue: { zh_CN: "设备名称 2", en_US: "Device Name 2" } }, deviceAttributes: { meterType: "water", maxCurrent: 5, bidirectional: false }, deviceDesc: "Device description 2", deviceTags: { tag2: "tag value" } };
    const response = await enos({ deviceList: [inverter("API-0001"), meter], requireSecret: true }, keys.withRsa);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ code: 0, msg: "OK", successSize: 2, totalSize: 2 });
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.data).toHaveLength(2);
    for (const [i, item] of body.data.entries()) {
      expect(item).toMatchObject({ code: 0, msg: "OK", data: { productKey: ["INV5K", "MTR3P"][i], deviceKey: `API-000${i + 1}` } });
      expect(item.data.assetId).toMatch(/^[\w-]{8}$/);
      const secret = decryptDeviceSecret(item.data, rsa.privateKey);
      expect(secret).toMatch(/^[\w-]{24}$/);
    }
    const [stored] = await db().select().from(devices).where(eq(devices.deviceKey, "API-0001"));
    expect(stored).toMatchObject({ name: "Device Name", nameI18n: { zh_CN: "设备名称", en_US: "Device Name" }, timezone: "+08:00", description: "Device description", tags: { tag1: "tag value" }, status: "inactive" });
    const [recorded] = await db().select().from(imports).where(eq(imports.id, stored!.importId!));
    expect(recorded).toMatchObject({ source: "api", dialect: "enos_api", status: "completed", createdCount: 2 });
  });

  it("generates a missing deviceKey and omits deviceSecret unless asked", async () => {
    const body = await (await enos({ deviceList: [inverter()] })).json();
    expect(body.data[0]).toMatchObject({ code: 0, msg: "OK" });
    expect(body.data[0].data.deviceKey).toMatch(/^[0-9a-f]{16}$/);
    expect(body.data[0].data).not.toHaveProperty("deviceSecret");
  });

  it("reports 11702 per item for an existing key, and -1 with the reason for an invalid item", async () => {
    const body = await (await enos({ deviceList: [inverter("INV-1001"), { ...inverter("API-0100"), productKey: "yourProductKey" }, { ...inverter("API-0101"), timezone: "+25:00" }, inverter("API-0102")] })).json();
    expect(body).toMatchObject({ code: 0, successSize: 1, totalSize: 4 });
    expect(body.data.map((d: { code: number; msg: string }) => [d.code, d.msg])).toEqual([
      [11702, "DeviceKey existed"],
      [-1, 'productKey "yourProductKey" is not a product of this organization'],
      [-1, 'timezone "+25:00" is not a UTC offset between -12:00 and +14:00 or a city time zone (e.g. +08:00 or Europe/Berlin)'],
      [0, "OK"],
    ]);
  });

  it("answers 11739 when the product is full, 11858 without a public key, 99400 past the batch limit", async () => {
    const [acme] = await db().select().from(organizations).where(eq(organizations.slug, "acme"));
    await db().update(organizations).set({ maxDevicesPerProduct: 1 }).where(eq(organizations.id, acme!.id));
    expect((await (await enos({ deviceList: [inverter("API-0200")] })).json()).data[0]).toMatchObject({ code: 11739, msg: "Exceed max device size" });
    await db().update(organizations).set({ maxDevicesPerProduct: 10_000, maxBatchSize: 2 }).where(eq(organizations.id, acme!.id));
    const secretless = await (await enos({ deviceList: [inverter("API-0201")], requireSecret: true })).json();
    expect(secretless).toMatchObject({ code: 11858, msg: "Unable to find public key", data: [], successSize: 0, totalSize: 1 });
    const tooMany = await (await enos({ deviceList: [inverter("A-1"), inverter("A-2"), inverter("A-3")] })).json();
    expect(tooMany).toMatchObject({ code: 99400, msg: "Invalid arguments: 3 devices exceed this organization's batch limit of 2" });
    expect((await (await enos({ devices: [] })).json()).code).toBe(99400);
    await db().update(organizations).set({ maxBatchSize: 1000 }).where(eq(organizations.id, acme!.id));
  });
});

describe("Cumulocity bulkNewDeviceRequests (seed 002)", () => {
  const seedCsv = fs.readFileSync(path.join(import.meta.dirname, "../import/__fixtures__/c8y-seed-example.csv"), "utf8");
  const call = (form: FormData, query = "?productKey=MTR3P", key = keys.operator) => handleBulkNewDeviceRequests(db(), post(`/devicecontrol/bulkNewDeviceRequests${query}`, key, form), secrets);

  it("registers the seed's example request: 201 and the BulkNewDeviceRequest", async () => {
    const response = await call(multipart(seedCsv));
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/vnd.com.nsn.cumulocity.bulknewdevicerequest+json;ver=0.9");
    expect(await response.json()).toEqual({ numberOfAll: 7, numberOfCreated: 7, numberOfFailed: 0, numberOfSuccessful: 7, credentialUpdatedList: [], failedCreationList: [] });
  });

  it("reports existing devices as CREDENTIAL_UPDATED and bad lines in failedCreationList", async () => {
    const response = await call(multipart(`${seedCsv.trim()}\nx;pw;t;n;;;a;3\n`));
    const body = await response.json();
    expect(body).toMatchObject({ numberOfAll: 8, numberOfCreated: 0, numberOfFailed: 1, numberOfSuccessful: 7 });
    expect(body.credentialUpdatedList).toHaveLength(7);
    expect(body.credentialUpdatedList[0]).toEqual({ bulkNewDeviceStatus: "CREDENTIAL_UPDATED", deviceId: "id_101" });
    expect(body.failedCreationList).toEqual([
      { bulkNewDeviceStatus: "FAILED", deviceId: "x", failureReason: 'SHELL "3" must be 1 (add the shell) or 0', line: "DeviceInfo{id='x', credentials='***', tenant=''}" },
    ]);
  });

  it("refuses an unknown ?productKey= and a non-multipart body", async () => {
    const noProduct = await call(multipart(seedCsv), "?productKey=NOPE");
    expect(noProduct.status).toBe(400);
    expect((await noProduct.json()).message).toBe('Product "NOPE" does not exist in this organization.');
    const raw = await handleBulkNewDeviceRequests(db(), post("/devicecontrol/bulkNewDeviceRequests?productKey=MTR3P", keys.operator, seedCsv, { "content-type": "text/csv" }), secrets);
    expect(raw.status).toBe(400);
  });
});

describe("CSV create/update/delete (seed 003)", () => {
  const row = (cells: Record<number, string>) => deviceCsvColumns.map((_, i) => cells[i] ?? "").join(",");
  const file = (...rows: string[]) => [deviceCsvColumns.join(","), ...rows].join("\n");
  const create = (key: string, extra: Record<number, string> = {}) => row({ 0: `Meter ${key}`, 1: key, 4: "acme", 5: "MTR3P", 6: "60", ...extra });

  it("validate-only returns errors and warnings and writes nothing", async () => {
    const response = await handleCsvValidate(db(), post("/devices/csv_validate", keys.operator, multipart(file(create("CSV:01", { 22: "+49151" }), create("CSV:02", { 6: "-1" })))));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      valid: false,
      total_rows: 2,
      valid_rows: 1,
      invalid_rows: 1,
      errors: [{ line: 3, device_unique_id: "CSV:02", column: "Heartbeat Period (second)", code: "OUT_OF_RANGE", message: 'Heartbeat Period (second) "-1" must be at least 0' }],
      warnings: [{ line: 2, device_unique_id: "CSV:01", column: "ICCID (SIM)", code: "SIM_WITHOUT_ICCID", message: "MSISDN (SIM) given without ICCID (SIM): no SIM is created" }],
      change_counts: { create: 1, update: 0, no_change: 0, delete: 0, credentials: 0 },
      changes: [{ line: 2, device_unique_id: "CSV:01", kind: "create" }],
    });
    expect(await db().$count(devices, eq(devices.deviceKey, "CSV:01"))).toBe(0);
  });

  it("imports creates with SIMs, then updates and deletes, with the SIM counters", async () => {
    const first = await (await handleCsvImport(db(), post("/devices/csv", keys.operator, file(create("CSV:11", { 15: "a;b", 21: "89000000000000007711" }), create("CSV:12", { 21: "89000000000000007712" })), { "content-type": "text/csv" }), secrets)).json();
    expect(first).toMatchObject({ status: "completed", total: 2, created: 2, updated: 0, deleted: 0, failed: 0, errors: [], warnings: [], metadata: { sims_created: 2, sims_updated: 0, sims_deleted: 0, sims_failed: 0 } });
    const second = await (
      await handleCsvImport(db(), post("/devices/csv", keys.operator, multipart(file(row({ 1: "CSV:11", 4: "acme", 20: "true", 15: "c", 21: "89000000000000007721" }), row({ 1: "CSV:12", 4: "acme", 19: "true" }), row({ 1: "CSV:99", 4: "acme", 19: "true" })))), secrets)
    ).json();
    expect(second).toMatchObject({ total: 3, created: 0, updated: 1, deleted: 1, failed: 1, metadata: { sims_created: 0, sims_updated: 1, sims_deleted: 1, sims_failed: 0 } });
    expect(second.errors).toEqual([{ line: 4, device_unique_id: "CSV:99", column: "Device Unique ID", code: "DEVICE_NOT_FOUND", message: 'Device Unique ID "CSV:99" does not exist in this organization, so it cannot be deleted' }]);
    const [updated] = await db().select().from(devices).where(eq(devices.deviceKey, "CSV:11"));
    expect(updated!.labels).toEqual(["c"]);
  });

  it("answers 403 for another company's Account ID and 400 for a malformed file, writing nothing", async () => {
    const foreign = await handleCsvImport(db(), post("/devices/csv", keys.operator, multipart(file(create("CSV:21"), row({ 0: "x", 1: "CSV:22", 4: "globex", 5: "MTR3P", 6: "1" })))), secrets);
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).message).toBe("You do not have access to one or more companies in the CSV: globex.");
    expect(await db().$count(devices, eq(devices.deviceKey, "CSV:21"))).toBe(0);
    const [refused] = await db().select().from(imports).where(eq(imports.status, "cancelled"));
    expect(refused).toMatchObject({ source: "api", error: "Refused: the file names companies the caller may not act for (globex)", createdCount: 0 });
    const malformed = await handleCsvImport(db(), post("/devices/csv", keys.operator, multipart("just,some\ncsv,file")), secrets);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).code).toBe("UNKNOWN_DIALECT");
  });
});
