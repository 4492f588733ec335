import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devices, externalIds, importRows, imports, organizations, products } from "@/db/schema";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { documented, secrets, setUpApi } from "./__fixtures__/api-setup";
import { BULK_RESPONSE_TYPE, handleBulkNewDeviceRequests, handleCurrentTenant } from "./c8y";

let api: Awaited<ReturnType<typeof setUpApi>>;
beforeAll(async () => {
  api = await setUpApi();
});
afterAll(() => api.database.dispose());

/** Seed 002's example request body, byte for byte as the seed prints it (LF line breaks, no closing --). */
const seedRequest = new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, "../../docs/examples/c8y-seed-request.txt")));
const basic = (tenant: string, key: string) => `Basic ${Buffer.from(`${tenant}/integration:${key}`).toString("base64")}`;
const seedHeaders = (key: string) => ({ "content-type": "multipart/form-data; boundary=myBoundary", accept: "application/json", authorization: basic("acme", key) });
const register = (body: BodyInit, key = api.keys.operator, query = "", headers?: Record<string, string>) =>
  handleBulkNewDeviceRequests(api.db, new Request(`http://localhost/devicecontrol/bulkNewDeviceRequests${query}`, { method: "POST", body, headers: headers ?? seedHeaders(key) }), secrets);
/** A multipart body written the way the seed writes it, around any CSV. */
const seedStyle = (csv: string) => `--myBoundary\nContent-Disposition: form-data; name="file"\nContent-Type: plain/text\n\n${csv}\n--myBoundary\n`;
const bulk = (response: Response) => documented("/devicecontrol/bulkNewDeviceRequests", "post", response) as Promise<Record<string, unknown>>;
const deviceOf = async (organizationId: string, deviceKey: string) =>
  (await api.db.select({ device: devices, productKey: products.productKey }).from(devices).innerJoin(products, eq(products.id, devices.productId)).where(and(eq(devices.organizationId, organizationId), eq(devices.deviceKey, deviceKey))))[0];

describe("the seed's example request, byte for byte", () => {
  it("answers 201 with the seed's content type, into the organization's product for registrations", async () => {
    const response = await register(seedRequest);
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe(BULK_RESPONSE_TYPE);
    expect(await bulk(response)).toEqual({ numberOfAll: 7, numberOfCreated: 7, numberOfFailed: 0, numberOfSuccessful: 7, credentialUpdatedList: [], failedCreationList: [] });
    const first = await deviceOf(api.acme.id, "id_101");
    expect(first).toMatchObject({ productKey: "MTR3P", device: { name: "Device 101", type: "type_of_device" } });
    const ids = await api.db.select().from(externalIds).where(eq(externalIds.deviceId, first!.device.id));
    expect(ids.map((i) => [i.type, i.value])).toEqual([["c8y_Serial", "id_101"]]);
  });

  it("sent again, with CRLF line breaks, updates the credentials of the same seven devices", async () => {
    const crlf = new TextEncoder().encode(new TextDecoder().decode(seedRequest).replace(/\n/g, "\r\n"));
    const body = await bulk(await register(crlf));
    expect(body).toMatchObject({ numberOfAll: 7, numberOfCreated: 0, numberOfFailed: 0, numberOfSuccessful: 7 });
    expect(body.credentialUpdatedList).toEqual(["id_101", "id_102", "id_111", "id_112", "id_121", "id_122", "id_131"].map((deviceId) => ({ bulkNewDeviceStatus: "CREDENTIAL_UPDATED", deviceId })));
  });
});

describe("which product", () => {
  it("TYPE names the product when it is a product key; ?productKey= overrides", async () => {
    const body = await bulk(await register(seedStyle("ID;CREDENTIALS;TYPE;NAME\nTYPE-0001;pw;INV5K;Inverter\nTYPE-0002;pw;something;Other")));
    expect(body).toMatchObject({ numberOfCreated: 2, numberOfFailed: 0 });
    expect((await deviceOf(api.acme.id, "TYPE-0001"))!.productKey).toBe("INV5K");
    expect((await deviceOf(api.acme.id, "TYPE-0002"))!.productKey).toBe("MTR3P");
    await bulk(await register(seedStyle("ID;CREDENTIALS;TYPE;NAME\nTYPE-0003;pw;INV5K;Inverter"), api.keys.operator, "?productKey=MTR3P"));
    expect((await deviceOf(api.acme.id, "TYPE-0003"))!.productKey).toBe("MTR3P");
    const unknown = await register(seedStyle("ID;CREDENTIALS\nTYPE-0004;pw"), api.keys.operator, "?productKey=NOPE");
    expect(unknown.status).toBe(400);
    expect(await documented("/devicecontrol/bulkNewDeviceRequests", "post", unknown)).toMatchObject({ message: 'Product "NOPE" does not exist in this organization.' });
  });

  it("without a product for registrations, each row whose TYPE names no product fails with the reason", async () => {
    await api.db.update(organizations).set({ registrationProductId: null }).where(eq(organizations.id, api.globex.id));
    const body = await bulk(await register(seedStyle("ID;CREDENTIALS;TYPE;NAME\nGLX-0001;pw;type_of_device;A\nGLX-0002;pw;GLXWTR;B"), api.keys.globex, "", { "content-type": "multipart/form-data; boundary=myBoundary", authorization: `Bearer ${api.keys.globex}` }));
    expect(body).toMatchObject({ numberOfAll: 2, numberOfCreated: 1, numberOfFailed: 1 });
    expect(body.failedCreationList).toEqual([
      {
        bulkNewDeviceStatus: "FAILED",
        deviceId: "GLX-0001",
        failureReason: 'TYPE "type_of_device" is not a product key of Globex Utilities, and it has no product for registrations (Settings)',
        failureCode: "PRODUCT_NOT_FOUND",
        line: "DeviceInfo{id='GLX-0001', credentials='***', tenant=''}",
      },
    ]);
  });
});

describe("only the Cumulocity dialect", () => {
  it("refuses a 21-column device CSV with 400 and writes nothing, deletes included", async () => {
    const before = await api.db.$count(devices, eq(devices.organizationId, api.acme.id));
    const row = (cells: Record<number, string>) => deviceCsvColumns.slice(0, 21).map((_, i) => cells[i] ?? "").join(",");
    const csv = [deviceCsvColumns.slice(0, 21).join(","), row({ 0: "x", 1: "DLG-0001", 4: "acme", 5: "MTR3P", 6: "60" }), row({ 1: "id_101", 4: "acme", 19: "true" })].join("\n");
    const response = await register(seedStyle(csv));
    expect(response.status).toBe(400);
    expect(((await documented("/devicecontrol/bulkNewDeviceRequests", "post", response)) as { message: string }).message).toContain("Cumulocity bulk registration CSV");
    expect(await api.db.$count(devices, eq(devices.organizationId, api.acme.id))).toBe(before);
    expect(await deviceOf(api.acme.id, "id_101")).toBeDefined();
    const [refused] = await api.db.select().from(imports).where(and(eq(imports.dialect, "device_csv"), eq(imports.status, "cancelled")));
    expect(refused).toMatchObject({ createdCount: 0, deletedCount: 0 });
  });
});

describe("IDs as the seed has them", () => {
  it("accepts zz3 and an ID with spaces, answering with the ID and keeping it as the external id", async () => {
    const body = await bulk(await register(seedStyle("ID;CREDENTIALS;TYPE;NAME\nzz3;pw;t;Short\nmy meter 7;pw;t;Spaced")));
    expect(body).toMatchObject({ numberOfAll: 2, numberOfCreated: 2, numberOfFailed: 0 });
    const again = await bulk(await register(seedStyle("ID;CREDENTIALS\nzz3;pw2\nmy meter 7;pw2")));
    expect(again.credentialUpdatedList).toEqual([
      { bulkNewDeviceStatus: "CREDENTIAL_UPDATED", deviceId: "zz3" },
      { bulkNewDeviceStatus: "CREDENTIAL_UPDATED", deviceId: "my meter 7" },
    ]);
    const [spaced] = await api.db.select().from(externalIds).where(and(eq(externalIds.organizationId, api.acme.id), eq(externalIds.value, "my meter 7")));
    const [device] = await api.db.select().from(devices).where(eq(devices.id, spaced!.deviceId));
    expect(device).toMatchObject({ name: "Spaced", deviceKey: expect.stringMatching(/^my_meter_7-[0-9a-f]{12}$/) });
  });
});

describe("management-tenant mode", () => {
  it("a platform-level account registers each row into the organization its TENANT names", async () => {
    await api.db.update(organizations).set({ registrationProductId: (await api.db.select().from(products).where(eq(products.productKey, "GLXWTR")))[0]!.id }).where(eq(organizations.id, api.globex.id));
    const csv = "ID;CREDENTIALS;TENANT;TYPE;NAME\nMGT-0001;pw;globex;t;In Globex\nMGT-0002;pw;acme;t;In Acme\nMGT-0003;pw;nowhere;t;Lost\nMGT-0004;pw;;t;No tenant";
    const body = await bulk(await register(seedStyle(csv), api.keys.platform, "", { "content-type": "multipart/form-data; boundary=myBoundary", authorization: basic("acme", api.keys.platform) }));
    expect(body).toMatchObject({ numberOfAll: 4, numberOfCreated: 2, numberOfFailed: 2 });
    expect((body.failedCreationList as { deviceId: string; failureReason: string }[]).map((f) => [f.deviceId, f.failureReason])).toEqual([
      ["MGT-0003", 'Tenant "nowhere" does not exist'],
      ["MGT-0004", "TENANT is required: as the management tenant you name the tenant per row"],
    ]);
    expect((await deviceOf(api.globex.id, "MGT-0001"))!.productKey).toBe("GLXWTR");
    expect((await deviceOf(api.acme.id, "MGT-0002"))!.productKey).toBe("MTR3P");
    expect(await deviceOf(api.acme.id, "MGT-0001")).toBeUndefined();
    // Checked again at commit as the management tenant: no "TENANT is ignored" warning on its rows.
    const [inGlobex] = await api.db.select().from(imports).where(eq(imports.id, (await deviceOf(api.globex.id, "MGT-0001"))!.device.importId!));
    expect(inGlobex).toMatchObject({ organizationId: api.globex.id, status: "completed", createdCount: 1 });
    const staged = await api.db.select().from(importRows).where(eq(importRows.importId, inGlobex!.id));
    expect(staged.map((r) => [r.line, r.outcome, r.warnings.map((w) => w.code)])).toEqual([[2, "created", ["REQUIRED_ATTRIBUTES_MISSING"]]]);
  });

  it("any other account has TENANT ignored: the device lands in its own organization", async () => {
    const body = await bulk(await register(seedStyle("ID;CREDENTIALS;TENANT\nMGT-0010;pw;globex")));
    expect(body).toMatchObject({ numberOfCreated: 1 });
    expect(await deviceOf(api.acme.id, "MGT-0010")).toBeDefined();
    expect(await deviceOf(api.globex.id, "MGT-0010")).toBeUndefined();
  });
});

describe("limits", () => {
  it("answers 413 for a file over the organization's byte limit", async () => {
    await api.db.update(organizations).set({ maxBytesPerFile: 100 }).where(eq(organizations.id, api.acme.id));
    const response = await register(seedRequest);
    await api.db.update(organizations).set({ maxBytesPerFile: 2 * 1024 * 1024 }).where(eq(organizations.id, api.acme.id));
    expect(response.status).toBe(413);
    await documented("/devicecontrol/bulkNewDeviceRequests", "post", response);
  });
});

describe("authentication", () => {
  it("answers 401 for a missing key, and for Basic naming another tenant than the key's", async () => {
    const none = await register(seedRequest, "", "", { "content-type": "multipart/form-data; boundary=myBoundary" });
    expect(none.status).toBe(401);
    await documented("/devicecontrol/bulkNewDeviceRequests", "post", none);
    const wrongTenant = await register(seedRequest, "", "", { ...seedHeaders(api.keys.operator), authorization: basic("globex", api.keys.operator) });
    expect(wrongTenant.status).toBe(401);
    const tenant = await handleCurrentTenant(api.db, new Request("http://localhost/tenant/currentTenant"));
    expect(tenant.status).toBe(401);
    await documented("/tenant/currentTenant", "get", tenant);
  });
});

describe("the real @c8y/client", () => {
  let server: http.Server;
  let baseUrl = "";
  let c8y: typeof import("@c8y/client");
  beforeAll(async () => {
    // Imported late, and its global cleaned up: its CometD adapter sets a global `window`, which makes
    // PGlite (and anything else that sniffs for a browser) think it runs in one.
    const hadWindow = "window" in globalThis;
    c8y = await import("@c8y/client");
    if (!hadWindow) delete (globalThis as { window?: unknown }).window;
    // A plain HTTP server in front of the handlers: the client speaks real HTTP (cross-fetch, form-data).
    server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers(Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" ? [[k, v] as [string, string]] : [])));
      const request = new Request(`${baseUrl}${req.url}`, { method: req.method, headers, body: req.method === "GET" ? undefined : Buffer.concat(chunks) });
      const { pathname } = new URL(request.url);
      const response =
        pathname === "/tenant/currentTenant" && req.method === "GET"
          ? await handleCurrentTenant(api.db, request)
          : pathname === "/devicecontrol/bulkNewDeviceRequests"
            ? await handleBulkNewDeviceRequests(api.db, request, secrets)
            : new Response("not found", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("Client.authenticate() reads GET /tenant/currentTenant, then deviceRegistrationBulk.create() registers the seed's CSV", async () => {
    const client = await c8y.Client.authenticate({ tenant: "acme", user: "integration", password: api.keys.operator }, baseUrl);
    expect(client.core.tenant).toBe("acme");
    const { data: tenant, res: tenantRes } = await client.tenant.current();
    expect(tenantRes.status).toBe(200);
    expect(tenant).toMatchObject({ name: "acme", allowCreateTenants: false, customProperties: { displayName: "Acme Solar" } });
    const csv = fs.readFileSync(path.join(import.meta.dirname, "../import/__fixtures__/c8y-seed-example.csv"), "utf8").replace(/id_1/g, "cli_1");
    const { data, res } = await client.deviceRegistrationBulk.create(Buffer.from(csv) as never);
    expect(res.status).toBe(201);
    expect(data).toEqual({ numberOfAll: 7, numberOfCreated: 7, numberOfFailed: 0, numberOfSuccessful: 7, credentialUpdatedList: [], failedCreationList: [] });
    expect((await deviceOf(api.acme.id, "cli_101"))!.productKey).toBe("MTR3P");
  });

  it("a BasicAuth client without a tenant works too, and a wrong key is refused", async () => {
    const client = new c8y.Client(new c8y.BasicAuth({ user: "integration", password: api.keys.operator }), baseUrl);
    const { res } = await client.deviceRegistrationBulk.create(Buffer.from("ID;CREDENTIALS\ncli_201;pw\n") as never);
    expect(res.status).toBe(201);
    await expect(c8y.Client.authenticate({ user: "integration", password: `${api.keys.operator.slice(0, -1)}x` }, baseUrl)).rejects.toBeDefined();
  });
});
