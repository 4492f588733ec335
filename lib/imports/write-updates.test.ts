import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { devices, importRows, imports, sims } from "@/db/schema";
import { csv } from "@/lib/import/__fixtures__/context";
import { deviceCsvRow, deviceCsvText, meterCreateRow } from "@/lib/import/__fixtures__/device-csv";
import { demoDatabaseFixture } from "@/test/demo-database";
import { commitImport } from "./commit";
import { listImportRows } from "./queries";
import { stageImport } from "./stage";

const { db, secrets, acme, product, admin } = demoDatabaseFixture();

async function stage(text: string, name: string) {
  const result = await stageImport({ db: db(), organization: await acme(), productId: (await product("MTR3P")).id, actor: { userId: (await admin()).id, isPlatformAdmin: false }, source: "console", secrets, file: { name, bytes: csv(text) } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.importId;
}
const commit = async (id: string) => commitImport({ db: db(), importId: id, organization: await acme(), isPlatformAdmin: false, secrets });
const importOf = async (id: string) => (await db().select().from(imports).where(eq(imports.id, id)))[0]!;
const meter = async (key: string) => (await db().select().from(devices).where(eq(devices.deviceKey, key)))[0]!;
const simOf = async (key: string) => (await db().select().from(sims).where(eq(sims.deviceId, (await meter(key)).id)))[0];
const update = (key: string, cells: Record<number, string>) => deviceCsvRow({ 1: key, 4: "acme", 20: "true", ...cells });

describe("updates written set-based, one statement for the chunk", () => {
  it("each row sets only its own columns; SIMs made or changed; a row gone stale or whose ICCID was taken fails alone", async () => {
    const created = await stage(
      deviceCsvText(
        meterCreateRow("UP:1", { 2: "SN-1", 3: "Hall 1" }),
        meterCreateRow("UP:2", { 2: "SN-2", 3: "Hall 2", 15: "a;b" }),
        meterCreateRow("UP:3"),
        meterCreateRow("UP:4", { 21: "89000000000000004401", 22: "4915000000401" }),
        meterCreateRow("UP:5"),
        meterCreateRow("UP:6", { 2: "SN-6" }),
      ),
      "create.csv",
    );
    await commit(created);
    expect(await importOf(created)).toMatchObject({ createdCount: 6, simsCreated: 1 });

    const updated = await stage(
      deviceCsvText(
        update("UP:1", { 0: "Renamed 1" }),
        update("UP:2", { 3: "Hall 9", 15: "c" }),
        update("UP:3", { 21: "89000000000000004403" }),
        update("UP:4", { 21: "89000000000000004401", 22: "4915000000499" }),
        update("UP:5", { 21: "89000000000000004405" }),
        update("UP:6", { 0: "Renamed 6" }),
      ),
      "update.csv",
    );
    // Between preview and confirm: another device takes UP:5's ICCID, and someone renames UP:6.
    await db().insert(sims).values({ organizationId: (await acme()).id, deviceId: (await meter("UP:1")).id, iccid: "89000000000000004405" });
    await db().update(devices).set({ name: "Changed meanwhile" }).where(eq(devices.deviceKey, "UP:6"));
    await commit(updated);

    const rows = await listImportRows({ db: db(), importId: updated });
    expect(rows.map((r) => [r.deviceKey, r.outcome, r.outcomeCode])).toEqual([
      ["UP:1", "updated", null],
      ["UP:2", "updated", null],
      ["UP:3", "updated", null],
      ["UP:4", "updated", null],
      ["UP:5", "failed", "ICCID_TAKEN"],
      ["UP:6", "failed", "STALE_DEVICE"],
    ]);
    expect(await meter("UP:1")).toMatchObject({ name: "Renamed 1", serialNumber: "SN-1", location: "Hall 1" });
    expect(await meter("UP:2")).toMatchObject({ name: "Meter UP:2", serialNumber: "SN-2", location: "Hall 9", labels: ["c"] });
    expect((await simOf("UP:3"))?.iccid).toBe("89000000000000004403");
    expect(await simOf("UP:4")).toMatchObject({ iccid: "89000000000000004401", msisdn: "4915000000499" });
    // Nothing of the failed rows stayed: no SIM for UP:5, UP:6 as someone else left it.
    expect(await simOf("UP:5")).toBeUndefined();
    expect(await meter("UP:6")).toMatchObject({ name: "Changed meanwhile", serialNumber: "SN-6" });
    expect(await importOf(updated)).toMatchObject({ status: "completed_with_failures", updatedCount: 4, failedCount: 2, simsCreated: 1, simsUpdated: 1, simsFailed: 0 });
    // Each written row recorded the version it left its device at (a rollback tells later changes by it).
    const recorded = await db().select({ key: importRows.deviceKey, after: importRows.afterVersion, outcome: importRows.outcome }).from(importRows).where(eq(importRows.importId, updated));
    for (const row of recorded.filter((r) => r.outcome === "updated")) expect(row.after).toBe((await meter(row.key!)).version);
  });
});
