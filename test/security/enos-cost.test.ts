import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { devices } from "@/db/schema";
import { handleBatchCreate } from "@/lib/api/enos";
import { itemsToSheet } from "@/lib/import/dialects/enos-api";
import { validateSheet } from "@/lib/import/validate-file";
import { importContextFor } from "@/lib/imports/context";
import { databaseLookup } from "@/lib/imports/lookup";
import { post, securityFixture } from "./fixture";

let fixture: Awaited<ReturnType<typeof securityFixture>>;
let key = "";
beforeAll(async () => {
  fixture = await securityFixture();
  key = await fixture.newKey();
});
afterAll(() => fixture.database.dispose());

const enos = (body: unknown) =>
  handleBatchCreate(fixture.db, post("/connect-service/v2.4/devices?action=batchCreate&orgId=acme", key, JSON.stringify(body), { "content-type": "application/json" }), fixture.secrets);
const item = (i: number, tags: Record<string, string>) => ({
  productKey: "INV5K",
  deviceName: { defaultValue: `Inverter ${i}` },
  timezone: "+08:00",
  deviceAttributes: { ratedPower: 5, mpptCount: 2, manufacturer: "Sungrow", phase: "three" },
  deviceKey: `COST-${i}`,
  deviceTags: tags,
});
const tagged = (run: number) =>
  Array.from({ length: 1000 }, (_, i) => ({ ...item(i, Object.fromEntries(Array.from({ length: 10 }, (_, j) => [`tag_${i}_${j}`, `v${j}`]))), deviceKey: `COST-${run}-${i}` }));

describe("EnOS batchCreate: bounded work per request", () => {
  it("1,000 items × 10 distinct tag keys each: flattening and validating take under 2 s and under 100 MB", async () => {
    // 10,000 distinct keys in all: each once made a column, which took 51 s and 2.6 GB for one request.
    const items = tagged(0);
    const context = await importContextFor({ db: fixture.db, organization: await fixture.organization(), isPlatformAdmin: false });
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const sheet = itemsToSheet(items);
    const validated = await validateSheet(sheet, context, databaseLookup(fixture.db, context.organization.id));
    const elapsed = performance.now() - started;
    const growth = process.memoryUsage().heapUsed - before;
    console.log(`EnOS 1,000 × 10 tags, flatten + validate: ${elapsed.toFixed(0)} ms, heap +${(growth / 1048576).toFixed(1)} MB, ${sheet.header.cells.length} columns`);
    expect(validated.ok && validated.value.summary.valid).toBe(1000);
    expect(sheet.header.cells.length).toBeLessThan(50);
    expect(elapsed).toBeLessThan(2000);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  });

  it("the same request end to end creates the 1,000 devices with their tags", async () => {
    const started = performance.now();
    const body = await (await enos({ deviceList: tagged(1) })).json();
    console.log(`EnOS 1,000 × 10 tags, whole request (stage + commit): ${(performance.now() - started).toFixed(0)} ms`);
    expect(body.code).toBe(0);
    expect(body.successSize).toBe(1000);
    const [stored] = await fixture.db.select({ tags: devices.tags }).from(devices).where(eq(devices.deviceKey, "COST-1-7"));
    expect(stored!.tags).toEqual(Object.fromEntries(Array.from({ length: 10 }, (_, j) => [`tag_7_${j}`, `v${j}`])));
  });

  it("refuses a map with more keys than allowed, and more distinct attribute keys than allowed, with 99400", async () => {
    const wide = await (await enos({ deviceList: [item(5000, Object.fromEntries(Array.from({ length: 101 }, (_, j) => [`k${j}`, "v"])))] })).json();
    expect(wide.code).toBe(99400);
    expect(wide.msg).toMatch(/deviceTags has 101 keys/);
    const many = Array.from({ length: 400 }, (_, i) => ({ ...item(6000 + i, {}), deviceAttributes: { [`unknown_${i}`]: 1 } }));
    const distinct = await (await enos({ deviceList: many })).json();
    expect(distinct.code).toBe(99400);
    expect(distinct.msg).toMatch(/more than 300 distinct/);
  });
});
