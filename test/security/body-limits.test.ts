import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { imports } from "@/db/schema";
import { handleBulkNewDeviceRequests } from "@/lib/api/c8y";
import { handleCsvImport, handleCsvValidate } from "@/lib/api/device-csv";
import { handleBatchCreate } from "@/lib/api/enos";
import { chunkedBody, chunkedPost, securityFixture } from "./fixture";

// The console route authenticates through cookies: stand in for the signed-in operator of acme.
const auth = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/app/_lib/route-auth", () => ({ routeOrganization: async () => auth.current }));
vi.mock("@/app/_lib/secrets", () => ({ getSecretBox: () => fixture.secrets }));

let fixture: Awaited<ReturnType<typeof securityFixture>>;
let key = "";
const MB = 1024 * 1024;
const LIMIT = 2 * MB; // the demo organizations' bytes per file
const ENVELOPE = 64 * 1024;
const CHUNK = 64 * 1024;

beforeAll(async () => {
  fixture = await securityFixture();
  key = await fixture.newKey();
  auth.current = { db: fixture.db, user: await fixture.user(), organization: await fixture.organization(), role: "operator" };
});
afterAll(() => fixture.database.dispose());

const storedImports = async () => (await fixture.db.select({ n: count() }).from(imports))[0]!.n;

describe("bodies over the limit are refused while streaming (no Content-Length)", () => {
  it("the console upload route: a chunked 200 MB multipart upload gets 413 after at most the limit plus the envelope", async () => {
    const { POST } = await import("@/app/(console)/o/[org]/imports/upload/route");
    const { stream, counter } = chunkedBody(200 * MB);
    const before = process.memoryUsage().rss;
    const response = await POST(chunkedPost("/o/acme/imports/upload", null, stream, { "content-type": "multipart/form-data; boundary=x", "sec-fetch-site": "same-origin" }), {
      params: Promise.resolve({ org: "acme" }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("FILE_TOO_LARGE");
    expect(counter.pulled).toBeLessThanOrEqual(LIMIT + ENVELOPE + 2 * CHUNK);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MB);
  });

  it.each([
    ["POST /devices/csv", (r: Request) => handleCsvImport(fixture.db, r, fixture.secrets), "/devices/csv", "text/csv"],
    ["POST /devices/csv_validate", (r: Request) => handleCsvValidate(fixture.db, r), "/devices/csv_validate", "text/csv"],
    ["POST /devices/csv_validate (multipart)", (r: Request) => handleCsvValidate(fixture.db, r), "/devices/csv_validate", "multipart/form-data; boundary=x"],
    ["POST /devicecontrol/bulkNewDeviceRequests", (r: Request) => handleBulkNewDeviceRequests(fixture.db, r, fixture.secrets), "/devicecontrol/bulkNewDeviceRequests?productKey=MTR3P", "multipart/form-data; boundary=x"],
  ])("%s: a chunked 200 MB body gets 413 and nothing is stored", async (_name, handle, path, type) => {
    const stored = await storedImports();
    const { stream, counter } = chunkedBody(200 * MB);
    const response = await handle(chunkedPost(path, key, stream, { "content-type": type }));
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(LIMIT + ENVELOPE + 2 * CHUNK);
    expect(await storedImports()).toBe(stored);
  });

  it("EnOS batchCreate: a 30 MB JSON body gets 413 and is not stored", async () => {
    const stored = await storedImports();
    const item = { productKey: "INV5K", deviceName: { defaultValue: "x" }, timezone: "+08:00", deviceKey: "BIG-1", deviceDesc: "d".repeat(30 * MB) };
    const response = await handleBatchCreate(
      fixture.db,
      new Request("http://localhost/connect-service/v2.4/devices?action=batchCreate&orgId=acme", {
        method: "POST",
        body: JSON.stringify({ deviceList: [item] }),
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      }),
      fixture.secrets,
    );
    expect(response.status).toBe(413);
    expect(await storedImports()).toBe(stored);
  });

  it("a declared Content-Length over the limit is refused before reading", async () => {
    const { stream, counter } = chunkedBody(10 * MB);
    const response = await handleCsvImport(fixture.db, chunkedPost("/devices/csv", key, stream, { "content-type": "text/csv", "content-length": String(10 * MB) }), fixture.secrets);
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(2 * CHUNK);
  });
});
