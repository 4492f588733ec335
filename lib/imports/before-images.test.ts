import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deviceGroups, devices, externalIds, importRows, imports, sims } from "@/db/schema";
import { csv } from "@/lib/import/__fixtures__/context";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { demoDatabaseFixture } from "@/test/demo-database";
import { commitImport } from "./commit";
import { discardImport, expireStagedImports, findStagedDuplicate } from "./discard";
import { editStagedCell } from "./edit";
import { listImportRows } from "./queries";
import { rollbackImport } from "./rollback";
import { stageImport } from "./stage";

const { database, db, secrets, acme, product, admin } = demoDatabaseFixture();
const meterProduct = () => product("MTR3P");

/** Device CSV rows by column index (seed 003). */
const row = (cells: Record<number, string>) => deviceCsvColumns.map((_, i) => cells[i] ?? "").join(",");
const deviceCsv = (...rows: string[]) => csv([deviceCsvColumns.join(","), ...rows].join("\n"));
const create = (key: string, extra: Record<number, string> = {}) => row({ 0: `Meter ${key}`, 1: key, 4: "acme", 5: "MTR3P", 6: "60", ...extra });
const update = (key: string, extra: Record<number, string>) => row({ 1: key, 4: "acme", 20: "true", ...extra });
const remove = (key: string) => row({ 1: key, 4: "acme", 19: "true" });

async function stage(bytes: Uint8Array, name = "devices.csv") {
  const result = await stageImport({ db: db(), organization: await acme(), productId: (await meterProduct()).id, actor: { userId: (await admin()).id, isPlatformAdmin: false }, source: "console", secrets, file: { name, bytes } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.importId;
}
const commit = async (importId: string) => commitImport({ db: db(), importId, organization: await acme(), isPlatformAdmin: false, secrets });
const stageAndCommit = async (bytes: Uint8Array, name?: string) => {
  const id = await stage(bytes, name);
  await commit(id);
  return id;
};
const device = async (key: string) => (await db().select().from(devices).where(eq(devices.deviceKey, key)))[0];
const stored = async (importId: string) => db().select().from(importRows).where(eq(importRows.importId, importId)).orderBy(importRows.line);
const importOf = async (id: string) => (await db().select().from(imports).where(eq(imports.id, id)))[0]!;

describe("before-images and the diff before confirm", () => {
  it("staging keeps each update and delete target as it is, and the rows' changes field by field", async () => {
    await stageAndCommit(deviceCsv(create("BI:01", { 2: "SN-1", 15: "roof;north", 16: "floor:1;site:Berlin", 21: "89000000000000007701" }), create("BI:02"), create("BI:03", { 21: "89000000000000007703" })));
    const before = (await device("BI:01"))!;
    const id = await stage(
      deviceCsv(
        update("BI:01", { 2: "SN-2", 15: "roof", 16: "floor:2", 22: "+4915100001", 21: "89000000000000007701" }),
        update("BI:02", { 0: "Meter BI:02" }),
        remove("BI:03"),
        create("BI:04"),
      ),
    );
    const [up, same, del, add] = await stored(id);
    expect(up!.beforeImage).toMatchObject({
      version: before.version,
      productKey: "MTR3P",
      device: { id: before.id, device_key: "BI:01", serial_number: "SN-1", labels: ["roof", "north"], properties: { floor: "1", site: "Berlin" } },
      sim: { iccid: "89000000000000007701", msisdn: null },
      externalIds: [],
    });
    expect(up!.changes).toEqual({
      kind: "update",
      fields: [
        { field: "labels", column: "Tags", before: "roof, north", after: "roof" },
        { field: "properties", column: "Metadata", before: "floor=1; site=Berlin", after: "floor=2" },
        { field: "serialNumber", column: "Serial Number", before: "SN-1", after: "SN-2" },
        { field: "sim.msisdn", column: "MSISDN (SIM)", before: "", after: "+4915100001" },
      ],
    });
    expect(same!.changes).toEqual({ kind: "no_change", fields: [] });
    expect(del!.changes).toEqual({ kind: "delete", removes: { device: "Meter BI:03", sim: "89000000000000007703", externalIds: [] } });
    expect(del!.beforeImage?.sim).toMatchObject({ iccid: "89000000000000007703" });
    expect(add!.changes).toEqual({ kind: "create" });
    expect(add!.beforeImage).toBeNull();
    // The preview's rows carry the changes, never the before-image (it holds credential hashes).
    const view = await listImportRows({ db: db(), importId: id });
    expect(view[0]!.changes).toEqual(up!.changes);
    expect(Object.keys(view[0]!)).not.toContain("beforeImage");
  });

  it("an edited row is previewed anew: its before-image and changes follow the edit", async () => {
    await stageAndCommit(deviceCsv(create("BI:11", { 2: "SN-A" }), create("BI:12", { 2: "SN-B" })));
    const id = await stage(deviceCsv(update("BI:11", { 2: "SN-A" })));
    expect((await stored(id))[0]!.changes).toEqual({ kind: "no_change", fields: [] });
    const edited = await editStagedCell({ db: db(), importId: id, organization: await acme(), isPlatformAdmin: false, edit: { line: 2, column: "Device Unique ID", value: "BI:12" }, secrets });
    expect(edited.ok).toBe(true);
    const [r] = await stored(id);
    expect(r!.beforeImage?.device.device_key).toBe("BI:12");
    expect(r!.changes).toEqual({ kind: "update", fields: [{ field: "serialNumber", column: "Serial Number", before: "SN-B", after: "SN-A" }] });
  });
});

describe("stale protection", () => {
  it("an update staged, then a newer change by another import, then confirm: the row fails STALE_DEVICE and the newer value stays", async () => {
    await stageAndCommit(deviceCsv(create("ST:01", { 2: "SN-OLD" }), create("ST:02")));
    const mine = await stage(deviceCsv(update("ST:01", { 2: "SN-MINE" }), remove("ST:02")), "mine.csv");
    const theirs = await stageAndCommit(deviceCsv(update("ST:01", { 2: "SN-THEIRS" }), update("ST:02", { 3: "Hall 9" })), "theirs.csv");
    expect((await device("ST:01"))!.serialNumber).toBe("SN-THEIRS");

    await commit(mine);
    expect((await device("ST:01"))!.serialNumber).toBe("SN-THEIRS");
    expect(await device("ST:02")).toBeDefined();
    const rows = await listImportRows({ db: db(), importId: mine });
    expect(rows.map((r) => [r.outcome, r.outcomeCode])).toEqual([
      ["failed", "STALE_DEVICE"],
      ["failed", "STALE_DEVICE"],
    ]);
    expect(rows[0]!.outcomeMessage).toMatch(new RegExp(`^Device "ST:01" was changed by import "theirs.csv" \\(${theirs}\\) at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC after your preview`));
    expect((await importOf(mine)).failedCount).toBe(2);
  });

  it("a change made outside any import after staging counts too; an unchanged device is written", async () => {
    await stageAndCommit(deviceCsv(create("ST:11"), create("ST:12")));
    const id = await stage(deviceCsv(update("ST:11", { 3: "A" }), update("ST:12", { 3: "B" })));
    await db().update(devices).set({ location: "changed by hand" }).where(eq(devices.deviceKey, "ST:11"));
    await commit(id);
    expect((await listImportRows({ db: db(), importId: id })).map((r) => [r.outcome, r.outcomeCode])).toEqual([
      ["failed", "STALE_DEVICE"],
      ["updated", null],
    ]);
    expect((await device("ST:11"))!.location).toBe("changed by hand");
    expect((await device("ST:12"))!.location).toBe("B");
  });
});

describe("stale protection under concurrency (PostgreSQL: two connections)", () => {
  // PGlite has one connection, so nothing can change a device while a commit runs: the race needs PostgreSQL.
  it.skipIf(!process.env.TEST_DATABASE_URL)("a change committed while the confirm waits on the device's row lock still makes the row stale", async () => {
    const driver = database().driver;
    if (driver.kind !== "postgres") return;
    await stageAndCommit(deviceCsv(create("ST:21", { 3: "Hall 1" })));
    const id = await stage(deviceCsv(update("ST:21", { 3: "Hall 2" })));
    const other = await driver.pool.connect();
    try {
      await other.query("BEGIN");
      await other.query("UPDATE devices SET location = 'concurrent' WHERE device_key = 'ST:21'");
      const run = commit(id);
      // Wait until the confirm's UPDATE is blocked on the row the other transaction holds, then let that one commit.
      for (let i = 0; i < 200; i++) {
        const { rows } = await other.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await other.query("COMMIT");
      await run;
    } finally {
      other.release();
    }
    expect((await device("ST:21"))!.location).toBe("concurrent");
    expect((await listImportRows({ db: db(), importId: id })).map((r) => [r.outcome, r.outcomeCode])).toEqual([["failed", "STALE_DEVICE"]]);
  });
});

describe("rollback", () => {
  it("deletes what the import created, restores what it updated and brings back what it deleted, with SIM, external ids and credentials", async () => {
    // A Cumulocity registration gives a device credentials, an external id and a group.
    await stageAndCommit(csv("ID;CREDENTIALS;TYPE;NAME;IDTYPE;PATH\nrb_del;s3cret-pass;MTR3P;Doomed;c8y_Imei;Rollback/Hall\n"), "c8y.csv");
    await stageAndCommit(deviceCsv(create("RB:UPD", { 2: "SN-1", 21: "89000000000000008801" }), create("RB:KEEP", { 2: "K-1" })));
    await db().insert(sims).values({ organizationId: (await acme()).id, deviceId: (await device("rb_del"))!.id, iccid: "89000000000000008802", msisdn: "+49" });
    const gone = (await device("rb_del"))!;
    const goneIds = await db().select().from(externalIds).where(eq(externalIds.deviceId, gone.id));
    expect(gone.credentialsHash).toBeTruthy();

    const id = await stageAndCommit(deviceCsv(create("RB:NEW"), update("RB:UPD", { 2: "SN-2", 21: "89000000000000008803" }), update("RB:KEEP", { 2: "K-2" }), remove("rb_del")), "changes.csv");
    expect(await importOf(id)).toMatchObject({ createdCount: 1, updatedCount: 2, deletedCount: 1 });
    expect(await device("rb_del")).toBeUndefined();
    // Someone changes RB:KEEP after the import: the rollback must leave it alone.
    await db().update(devices).set({ location: "moved" }).where(eq(devices.deviceKey, "RB:KEEP"));
    // The group the deleted device was in is removed meanwhile: it is made again from its path.
    await db().delete(deviceGroups).where(eq(deviceGroups.path, "Rollback/Hall"));

    const result = await rollbackImport({ db: db(), organizationId: (await acme()).id, importId: id, actor: { userId: (await admin()).id } });
    if (!result.ok) throw new Error(result.error);
    expect(result).toMatchObject({ deleted: 1, restored: 1, recreated: 1, skipped: [{ deviceKey: "RB:KEEP" }] });
    expect(result.skipped[0]!.message).toMatch(/^Device "RB:KEEP" was changed at .* after this import; left as it is$/);

    expect(await device("RB:NEW")).toBeUndefined();
    const upd = (await device("RB:UPD"))!;
    expect(upd.serialNumber).toBe("SN-1");
    expect((await db().select().from(sims).where(eq(sims.deviceId, upd.id)))[0]!.iccid).toBe("89000000000000008801");
    expect((await device("RB:KEEP"))!).toMatchObject({ serialNumber: "K-2", location: "moved" });
    const back = (await device("rb_del"))!;
    expect(back).toMatchObject({ id: gone.id, assetId: gone.assetId, name: "Doomed", credentialsHash: gone.credentialsHash, productId: gone.productId });
    expect((await db().select().from(sims).where(eq(sims.deviceId, back.id)))[0]).toMatchObject({ iccid: "89000000000000008802", msisdn: "+49" });
    expect((await db().select().from(externalIds).where(eq(externalIds.deviceId, back.id))).map((e) => [e.type, e.value])).toEqual(goneIds.map((e) => [e.type, e.value]));
    const [group] = await db().select().from(deviceGroups).where(eq(deviceGroups.id, back.groupId!));
    expect(group!.path).toBe("Rollback/Hall");

    // The rollback is an entry of the history, linked to the import, with a row per device.
    const entry = await importOf(result.rollbackId);
    expect(entry).toMatchObject({ rollbackOf: id, status: "completed", totalRows: 4, createdCount: 1, updatedCount: 1, deletedCount: 1, invalidRows: 1, fileName: "Rollback of changes.csv" });
    expect((await listImportRows({ db: db(), importId: result.rollbackId })).map((r) => [r.deviceKey, r.operation, r.outcome, r.outcomeCode])).toEqual([
      ["RB:NEW", "delete", "deleted", null],
      ["RB:UPD", "update", "updated", null],
      ["RB:KEEP", "update", "skipped", "STALE_DEVICE"],
      ["rb_del", "create", "created", null],
    ]);
    // Once only; and a rollback cannot be rolled back.
    expect(await rollbackImport({ db: db(), organizationId: (await acme()).id, importId: id, actor: {} })).toMatchObject({ ok: false, error: expect.stringContaining("rolled back already") });
    expect(await rollbackImport({ db: db(), organizationId: (await acme()).id, importId: result.rollbackId, actor: {} })).toMatchObject({ ok: false });
  });

  it("refuses an import that is not completed", async () => {
    const id = await stage(deviceCsv(create("RB:STAGED")));
    expect(await rollbackImport({ db: db(), organizationId: (await acme()).id, importId: id, actor: {} })).toEqual({ ok: false, error: "Only a completed import can be rolled back." });
  });
});

describe("discard, expiry and duplicates", () => {
  it("a staged import is discarded: its rows and sealed secrets go, the history keeps it as cancelled", async () => {
    const id = await stage(csv("ID;CREDENTIALS;TYPE;NAME\ndc_1;pw-123456;MTR3P;One\n"), "discard.csv");
    expect((await stored(id))[0]!.sealedCells).toBeTruthy();
    expect(await discardImport({ db: db(), organizationId: (await acme()).id, importId: id })).toEqual({ ok: true });
    expect(await importOf(id)).toMatchObject({ status: "cancelled", totalRows: 1, error: "discarded before it was confirmed" });
    expect(await stored(id)).toEqual([]);
    expect((await discardImport({ db: db(), organizationId: (await acme()).id, importId: id })).ok).toBe(false);
    expect(await commit(id)).toEqual({ started: false });
  });

  it("a confirmed import cannot be discarded", async () => {
    const id = await stageAndCommit(deviceCsv(create("DC:02")));
    expect((await discardImport({ db: db(), organizationId: (await acme()).id, importId: id })).ok).toBe(false);
    expect((await importOf(id)).status).toBe("completed");
  });

  it("staged imports expire after 7 days the same way", async () => {
    const old = await stage(deviceCsv(create("EX:01")));
    const recent = await stage(deviceCsv(create("EX:02")));
    const done = await stageAndCommit(deviceCsv(create("EX:03")));
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
    await db().update(imports).set({ createdAt: daysAgo(8) }).where(inArray(imports.id, [old, done]));
    await db().update(imports).set({ createdAt: daysAgo(6) }).where(eq(imports.id, recent));
    const expired = await expireStagedImports({ db: db() });
    expect(expired).toContain(old);
    expect(expired).not.toContain(recent);
    expect(await importOf(old)).toMatchObject({ status: "cancelled", error: "it expired (not confirmed within 7 days)" });
    expect(await stored(old)).toEqual([]);
    expect((await importOf(recent)).status).toBe("validated");
    expect((await importOf(done)).status).toBe("completed");
  });

  it("the same file staged twice is found by its SHA-256 while it awaits confirmation", async () => {
    const bytes = deviceCsv(create("DUP:01"));
    const first = await stage(bytes, "dup.csv");
    const sha256 = (await importOf(first)).fileSha256!;
    const organizationId = (await acme()).id;
    const productId = (await meterProduct()).id;
    expect(await findStagedDuplicate({ db: db(), organizationId, productId, sha256 })).toMatchObject({ id: first, fileName: "dup.csv" });
    // Read with another encoding on purpose, the same bytes are another preview.
    expect(await findStagedDuplicate({ db: db(), organizationId, productId, sha256, encoding: "big5" })).toBeNull();
    expect(await findStagedDuplicate({ db: db(), organizationId, productId, sha256, encoding: "utf-8" })).toMatchObject({ id: first });
    await discardImport({ db: db(), organizationId, importId: first });
    expect(await findStagedDuplicate({ db: db(), organizationId, productId, sha256 })).toBeNull();
    expect(await db().$count(imports, and(eq(imports.fileSha256, sha256), eq(imports.status, "validated")))).toBe(0);
  });
});
