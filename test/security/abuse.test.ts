import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { imports, serviceAccounts } from "@/db/schema";
import { handleBulkNewDeviceRequests } from "@/lib/api/c8y";
import { handleCsvImport, handleCsvValidate } from "@/lib/api/device-csv";
import { handleBatchCreate } from "@/lib/api/enos";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { commitImport } from "@/lib/imports/commit";
import { stageImport } from "@/lib/imports/stage";
import { listServiceAccounts } from "@/lib/service-accounts/service";
import { post, securityFixture } from "./fixture";

const auth = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/app/_lib/route-auth", () => ({ routeOrganization: async () => auth.current }));
vi.mock("@/app/_lib/secrets", () => ({ getSecretBox: () => fixture.secrets }));

let fixture: Awaited<ReturnType<typeof securityFixture>>;
beforeAll(async () => {
  fixture = await securityFixture();
});
afterAll(() => fixture.database.dispose());

const csvRow = (key: string) => [`Gateway ${key}`, key, "", "", "acme", "MTR3P", "60", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""].join(",");
const deviceCsv = (...keys: string[]) => [deviceCsvColumns.join(","), ...keys.map(csvRow)].join("\n");
const enosBody = JSON.stringify({ deviceList: [{ productKey: "INV5K", deviceName: { defaultValue: "x" }, timezone: "+08:00", deviceKey: "RL-1" }] });

/** A burst gets `limit` through at once, plus what refilled meanwhile (limit per minute), and no more. */
function expectBurstLimited(statuses: number[], limit: number, started: number) {
  const refill = Math.ceil(((Date.now() - started) / 60_000) * limit);
  const passed = statuses.filter((s) => s !== 429).length;
  expect(passed).toBeGreaterThanOrEqual(limit);
  expect(passed).toBeLessThanOrEqual(limit + refill);
}

describe("rate limits: 429 with Retry-After, per API key, from the organization's setting", () => {
  it("60 csv_validate calls in a burst: after the first 20, the rest get 429 with Retry-After (bar the refill)", async () => {
    const key = await fixture.newKey();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    const started = Date.now();
    for (let i = 0; i < 60; i++) {
      const response = await handleCsvValidate(fixture.db, post("/devices/csv_validate", key, deviceCsv(`RL:00:${i}`), { "content-type": "text/csv" }));
      statuses.push(response.status);
      if (response.status === 429) retryAfter ??= response.headers.get("retry-after");
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
    expectBurstLimited(statuses, 20, started);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(6);
  });

  it("30 EnOS calls and 30 Cumulocity calls in a burst are limited too; another key still passes", async () => {
    const [enosKey, c8yKey, other] = [await fixture.newKey(), await fixture.newKey(), await fixture.newKey()];
    let started = Date.now();
    const enos = await Promise.all(
      Array.from({ length: 30 }, () =>
        handleBatchCreate(fixture.db, post("/connect-service/v2.4/devices?action=batchCreate&orgId=acme", enosKey, enosBody, { "content-type": "application/json" }), fixture.secrets),
      ),
    );
    expectBurstLimited(enos.map((r) => r.status), 20, started);
    started = Date.now();
    const c8y = [];
    for (let i = 0; i < 30; i++) c8y.push((await handleBulkNewDeviceRequests(fixture.db, post("/devicecontrol/bulkNewDeviceRequests?productKey=MTR3P", c8yKey, "x", { "content-type": "text/plain" }), fixture.secrets)).status);
    expectBurstLimited(c8y, 20, started);
    expect((await handleCsvValidate(fixture.db, post("/devices/csv_validate", other, deviceCsv("RL:99:1"), { "content-type": "text/csv" }))).status).toBe(200);
  });

  it("the limit is the organization's setting", async () => {
    await fixture.setLimits({ apiCallsPerMinute: 2 });
    const key = await fixture.newKey();
    const call = async () => (await handleCsvValidate(fixture.db, post("/devices/csv_validate", key, deviceCsv("RL:77:1"), { "content-type": "text/csv" }))).status;
    expect([await call(), await call(), await call()]).toEqual([200, 200, 429]);
    await fixture.setLimits({ apiCallsPerMinute: 20 });
  });

  it("30 console uploads in a burst by one user: the 21st and later get 429 with Retry-After", async () => {
    const { POST } = await import("@/app/(console)/o/[org]/imports/upload/route");
    auth.current = { db: fixture.db, user: await fixture.user(), organization: await fixture.organization(), role: "operator" };
    const statuses: number[] = [];
    const started = Date.now();
    for (let i = 0; i < 30; i++) {
      const form = new FormData();
      form.append("productKey", "NOPE");
      form.append("file", new File(["x"], "a.csv"));
      const response = await POST(new Request("http://localhost/o/acme/imports/upload", { method: "POST", body: form, headers: { "sec-fetch-site": "same-origin" } }), { params: Promise.resolve({ org: "acme" }) });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expectBurstLimited(statuses, 20, started);
  });
});

describe("one import at a time per organization writes devices", () => {
  it("an API import while another import is running gets 409 with the reason, and is kept as cancelled", async () => {
    const organization = await fixture.organization();
    const staged = await stageImport({
      db: fixture.db,
      organization,
      productId: null,
      actor: { userId: (await fixture.user()).id, isPlatformAdmin: false },
      source: "console",
      secrets: fixture.secrets,
      file: { name: "running.csv", bytes: new TextEncoder().encode(deviceCsv("RUN:00:01")) },
    });
    expect(staged.ok).toBe(true);
    const running = staged.ok ? staged.value.importId : "";
    // It is writing devices now (claimed, beating).
    await fixture.db.update(imports).set({ status: "importing", startedAt: new Date(), heartbeatAt: new Date() }).where(eq(imports.id, running));
    const key = await fixture.newKey();
    const response = await handleCsvImport(fixture.db, post("/devices/csv", key, deviceCsv("RUN:00:02"), { "content-type": "text/csv" }), fixture.secrets);
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body.message).toContain(running);
    const [refused] = await fixture.db.select().from(imports).where(eq(imports.serviceAccountId, (await fixture.db.select().from(serviceAccounts).where(eq(serviceAccounts.keyPrefix, key.slice(0, 12))))[0]!.id));
    expect(refused).toMatchObject({ status: "cancelled", createdCount: 0 });
    expect(refused!.error).toContain("only one runs at a time");

    // A second confirm in the console hears the same, and its import stays staged for later.
    const second = await stageImport({
      db: fixture.db,
      organization,
      productId: null,
      actor: { userId: (await fixture.user()).id, isPlatformAdmin: false },
      source: "console",
      secrets: fixture.secrets,
      file: { name: "second.csv", bytes: new TextEncoder().encode(deviceCsv("RUN:00:03")) },
    });
    const secondId = second.ok ? second.value.importId : "";
    const run = await commitImport({ db: fixture.db, importId: secondId, organization, isPlatformAdmin: false, secrets: fixture.secrets });
    expect(run).toMatchObject({ started: false, busy: { importId: running } });
    expect((await fixture.db.select().from(imports).where(eq(imports.id, secondId)))[0]!.status).toBe("validated");

    // Once the first has finished, the second runs.
    await fixture.db.update(imports).set({ status: "completed", finishedAt: new Date() }).where(eq(imports.id, running));
    expect((await commitImport({ db: fixture.db, importId: secondId, organization, isPlatformAdmin: false, secrets: fixture.secrets })).started).toBe(true);
  });
});

describe("API keys can expire", () => {
  it("an expired key gets 401 like a revoked one; the list shows last use and expiry", async () => {
    const expired = await fixture.newKey({ expiresAt: new Date(Date.now() - 1000) });
    const response = await handleCsvValidate(fixture.db, post("/devices/csv_validate", expired, deviceCsv("EXP:00:01"), { "content-type": "text/csv" }));
    expect(response.status).toBe(401);
    const later = new Date(Date.now() + 86_400_000);
    const live = await fixture.newKey({ expiresAt: later });
    expect((await handleCsvValidate(fixture.db, post("/devices/csv_validate", live, deviceCsv("EXP:00:02"), { "content-type": "text/csv" }))).status).toBe(200);
    const listed = await listServiceAccounts({ db: fixture.db, organizationId: (await fixture.organization()).id });
    const byPrefix = new Map(listed.map((a) => [a.keyPrefix, a]));
    expect(byPrefix.get(expired.slice(0, 12))).toMatchObject({ expired: true, lastUsedAt: null });
    expect(byPrefix.get(live.slice(0, 12))!.expiresAt?.getTime()).toBe(later.getTime());
    expect(byPrefix.get(live.slice(0, 12))!.lastUsedAt).toBeInstanceOf(Date);
  });
});
