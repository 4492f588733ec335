import fs from "node:fs";
import path from "node:path";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { deviceGroups, devices, externalIds, importRows, imports, sims } from "@/db/schema";
import { newAssetId } from "@/lib/devices/asset-id";
import { verifyPassword } from "@/lib/auth/password";
import { csv, inverterAttributes, xlsxOf } from "@/lib/import/__fixtures__/context";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { templateColumns } from "@/lib/import/template-columns";
import { demoDatabaseFixture } from "@/test/demo-database";
import { commitImport } from "./commit";
import { editStagedCell } from "./edit";
import { listImportRows, takeDeviceSecrets } from "./queries";
import { stageImport } from "./stage";

const { db, secrets, acme, product, admin } = demoDatabaseFixture();

const columns = templateColumns(inverterAttributes);
const inverterRow = (key: string, overrides: Record<number, string> = {}) =>
  [key, `Inverter ${key}`, "+08:00", "5", "2", "Sungrow", "1.0", "three", "97.5", "true", "2026-01-15"].map((v, i) => overrides[i] ?? v);
const template = (rows: string[][]) => xlsxOf([columns.map((c) => c.header), columns.map((c) => c.hint), ...rows]);

async function stage(bytes: Uint8Array, productKey = "INV5K", name = "upload.xlsx") {
  const organization = await acme();
  const result = await stageImport({
    db: db(),
    organization,
    productId: (await product(productKey)).id,
    actor: { userId: (await admin()).id, isPlatformAdmin: false },
    source: "console",
    secrets,
    file: { name, bytes },
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.importId;
}
const commit = async (importId: string) => commitImport({ db: db(), importId, organization: await acme(), isPlatformAdmin: false, secrets });
const importRow = async (importId: string) => (await db().select().from(imports).where(eq(imports.id, importId)))[0]!;
const outcomes = async (importId: string) => (await listImportRows({ db: db(), importId })).map((r) => [r.line, r.outcome, r.outcomeMessage]);

describe("stage and commit", () => {
  it("stages the rows, writes only valid ones as not-activated devices, and hands secrets out once", async () => {
    const id = await stage(template([inverterRow("SVC-0001"), inverterRow("SVC-0002"), inverterRow("SVC-0003", { 2: "+25:00" })]));
    expect(await importRow(id)).toMatchObject({ status: "validated", dialect: "enos_template", totalRows: 3, validRows: 2, invalidRows: 1, header: columns.map((c) => c.header) });
    expect(await db().$count(devices, inArray(devices.deviceKey, ["SVC-0001", "SVC-0002"]))).toBe(0);

    expect(await commit(id)).toEqual({ started: true });
    expect(await importRow(id)).toMatchObject({ status: "completed", createdCount: 2, failedCount: 0, processedRows: 3 });
    expect(await outcomes(id)).toEqual([
      [3, "created", null],
      [4, "created", null],
      [5, "skipped", "Invalid row, not imported"],
    ]);
    const written = await db().select().from(devices).where(inArray(devices.deviceKey, ["SVC-0001", "SVC-0002"]));
    expect(written.map((d) => [d.status, d.importId, d.attributes["mpptCount"]])).toEqual([
      ["inactive", id, 2],
      ["inactive", id, 2],
    ]);
    const first = await takeDeviceSecrets({ db: db(), importId: id, secrets });
    expect([...first.keys()]).toEqual([3, 4]);
    expect(first.get(3)).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(secrets.open(written.find((d) => d.deviceKey === "SVC-0001")!.secretEncrypted!)).toBe(first.get(3));
    expect((await takeDeviceSecrets({ db: db(), importId: id, secrets })).size).toBe(0);
  });

  it("a double confirm writes once", async () => {
    const id = await stage(template([inverterRow("DBL-0001"), inverterRow("DBL-0002")]));
    const results = await Promise.all([commit(id), commit(id)]);
    expect(results.map((r) => r.started).sort()).toEqual([false, true]);
    expect(await commit(id)).toEqual({ started: false });
    expect(await db().$count(devices, inArray(devices.deviceKey, ["DBL-0001", "DBL-0002"]))).toBe(2);
    expect((await importRow(id)).createdCount).toBe(2);
  });

  it("two imports of one organization confirmed together never run side by side; overlapping keys fail in the later one", async () => {
    const a = await stage(template(["OVL-1", "OVL-2", "OVL-3", "OVL-4"].map((k) => inverterRow(`${k}000`))));
    const b = await stage(template(["OVL-3", "OVL-4", "OVL-5", "OVL-6"].map((k) => inverterRow(`${k}000`))));
    const runs = await Promise.all([commit(a), commit(b)]);
    // One import at a time per organization: the other is told which one is running, and stays staged.
    const refused = runs.findIndex((r) => r.busy);
    expect(runs.filter((r) => r.busy)).toHaveLength(1);
    expect(runs[refused]!.busy!.importId).toBe(refused === 0 ? b : a);
    expect((await importRow(refused === 0 ? a : b)).status).toBe("validated");
    await commit(refused === 0 ? a : b);
    const keys = ["OVL-1000", "OVL-2000", "OVL-3000", "OVL-4000", "OVL-5000", "OVL-6000"];
    expect(await db().$count(devices, inArray(devices.deviceKey, keys))).toBe(6);
    const all = [...(await listImportRows({ db: db(), importId: a })), ...(await listImportRows({ db: db(), importId: b }))];
    const lost = all.filter((r) => r.outcome === "failed");
    expect(lost.map((r) => r.deviceKey).sort()).toEqual(["OVL-3000", "OVL-4000"]);
    for (const row of lost) expect(row.outcomeMessage).toMatch(/already exists in this organization|was taken by another import meanwhile/);
    expect((await importRow(a)).createdCount + (await importRow(b)).createdCount).toBe(6);
  });

  it("a row that fails in the database does not fail its neighbours", async () => {
    const organization = await acme();
    const header = deviceCsvColumns.join(",");
    const row = (key: string, iccid: string) => [`Gateway ${key}`, key, "", "", "acme", "MTR3P", "60", "", "", "", "", "", "", "", "", "", "", "", "", "", "", iccid, "", "", ""].join(",");
    const id = await stage(csv([header, row("GW:00:01", "89000000000000000011"), row("GW:00:02", "89000000000000000012"), row("GW:00:03", "89000000000000000013")].join("\n")), "MTR3P", "gw.csv");
    // Another device takes the second ICCID after validation, before the confirm.
    const [other] = await db()
      .insert(devices)
      .values({ organizationId: organization.id, productId: (await product("MTR3P")).id, deviceKey: "GW:99:99", name: "other", timezone: "UTC", assetId: newAssetId() })
      .returning();
    await db().insert(sims).values({ organizationId: organization.id, deviceId: other!.id, iccid: "89000000000000000012" });
    await commit(id);
    expect(await outcomes(id)).toEqual([
      [2, "created", null],
      [3, "failed", 'ICCID "89000000000000000012" already belongs to device GW:99:99'],
      [4, "created", null],
    ]);
    expect(await importRow(id)).toMatchObject({ createdCount: 2, failedCount: 1, simsCreated: 2 });
    expect(await db().$count(devices, eq(devices.deviceKey, "GW:00:02"))).toBe(0);
  });
});

describe("an import cut off half-way", () => {
  it("is resumed once stale, writing only the rows no chunk wrote", async () => {
    const id = await stage(template([inverterRow("CUT-0001"), inverterRow("CUT-0002"), inverterRow("CUT-0003")]));
    // As if the server had died after the first row's chunk: device written, outcome saved, status importing.
    const organization = await acme();
    const [device] = await db()
      .insert(devices)
      .values({ organizationId: organization.id, productId: (await product("INV5K")).id, deviceKey: "CUT-0001", name: "x", timezone: "+08:00", assetId: newAssetId(), importId: id })
      .returning();
    await db().update(importRows).set({ outcome: "created", deviceId: device!.id }).where(and(eq(importRows.importId, id), eq(importRows.line, 3)));
    await db().update(imports).set({ status: "importing", createdCount: 1, processedRows: 1, heartbeatAt: new Date() }).where(eq(imports.id, id));
    expect(await commit(id)).toEqual({ started: false });
    await db().update(imports).set({ heartbeatAt: new Date(Date.now() - 10 * 60 * 1000) }).where(eq(imports.id, id));
    expect(await commit(id)).toEqual({ started: true });
    expect(await outcomes(id)).toEqual([
      [3, "created", null],
      [4, "created", null],
      [5, "created", null],
    ]);
    expect(await importRow(id)).toMatchObject({ status: "completed", createdCount: 3, failedCount: 0, processedRows: 3 });
  });
});

describe("editing a staged cell", () => {
  it("validates the row again, and the row it duplicated", async () => {
    const id = await stage(template([inverterRow("EDT-0001"), inverterRow("EDT-0001"), inverterRow("EDT-0003", { 2: "+25:00" })]));
    expect(await importRow(id)).toMatchObject({ validRows: 1, invalidRows: 2 });
    const organization = await acme();
    const edit = (line: number, column: string, value: string) => editStagedCell({ db: db(), importId: id, organization, isPlatformAdmin: false, edit: { line, column, value }, secrets });
    expect(await edit(4, "DeviceKey", "EDT-0002")).toMatchObject({ ok: true, changedLines: [4] });
    expect(await edit(5, "Time Zone", "Asia/Shanghai")).toMatchObject({ ok: true, changedLines: [5] });
    expect(await importRow(id)).toMatchObject({ validRows: 3, invalidRows: 0 });
    // Making line 3 a duplicate of line 4's new key flags line 4 (the later one), not line 3.
    expect(await edit(3, "DeviceKey", "EDT-0002")).toMatchObject({ ok: true, changedLines: [3, 4] });
    expect((await listImportRows({ db: db(), importId: id }))[1]!.errors[0]!.message).toBe('DeviceKey "EDT-0002" is already used on line 3 of this file');
    expect(await edit(3, "Nope", "x")).toEqual({ ok: false, error: 'The file has no column "Nope".' });
    await commit(id);
    expect(await edit(3, "DeviceKey", "EDT-0009")).toEqual({ ok: false, error: "This import has been confirmed; its rows can no longer be edited." });
  });
});

describe("Cumulocity and device CSV through the same services", () => {
  it("registers the seed's example: groups once, external ids, then credential updates", async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(import.meta.dirname, "../import/__fixtures__/c8y-seed-example.csv")));
    const first = await stage(bytes, "INV5K", "bulk.csv");
    // Passwords are masked in the stored cells and sealed apart, until the import has run.
    const [staged] = await db().select().from(importRows).where(and(eq(importRows.importId, first), eq(importRows.line, 2)));
    expect(staged!.cells["CREDENTIALS"]).toBe("••••••");
    expect(JSON.stringify(staged)).not.toContain("abcd1234");
    expect(JSON.parse(secrets.open(staged!.sealedCells!))).toEqual({ CREDENTIALS: "abcd1234" });
    await commit(first);
    expect(await db().$count(importRows, and(eq(importRows.importId, first), isNotNull(importRows.sealedCells)))).toBe(0);
    expect(await importRow(first)).toMatchObject({ status: "completed", createdCount: 7, failedCount: 0 });
    const organization = await acme();
    const groups = await db().select({ path: deviceGroups.path }).from(deviceGroups).where(eq(deviceGroups.organizationId, organization.id));
    expect(groups.map((g) => g.path).sort()).toEqual(["csv device", "csv device/subgroup0", "csv device1", "csv device1/subgroup1", "csv device1/subgroup2", "csv device1/subgroup3"]);
    const [imei] = await db().select().from(externalIds).where(and(eq(externalIds.type, "c8y_Imei"), eq(externalIds.value, "id_111")));
    expect(imei).toBeDefined();
    const [shell] = await db().select().from(devices).where(eq(devices.deviceKey, "id_101"));
    expect(shell!.properties).toEqual({ c8y_Mobile: { iccid: "111111111" }, c8y_SupportedOperations: ["c8y_Shell"] });
    expect(shell!.credentialsHash).toMatch(/^scrypt\$4096\$/);
    expect(await verifyPassword("abcd1234", shell!.credentialsHash!)).toBe(true);

    const again = await stage(bytes, "INV5K", "bulk.csv");
    await commit(again);
    expect(await importRow(again)).toMatchObject({ createdCount: 0, updatedCount: 0, credentialUpdatedCount: 7, failedCount: 0 });
    expect((await outcomes(again)).every(([, outcome]) => outcome === "credential_updated")).toBe(true);
  });

  it("creates each group level once when two imports need the same new path at the same time", async () => {
    const file = (prefix: string) => csv(`ID;CREDENTIALS;TYPE;NAME;PATH\n${prefix}-1;pw;t;n;Race/Hall A/Line 1\n${prefix}-2;pw;t;n;Race/Hall B\n`);
    const [a, b] = [await stage(file("RACE-A"), "INV5K", "a.csv"), await stage(file("RACE-B"), "INV5K", "b.csv")];
    // One import at a time per organization: the second runs after the first and finds the groups made.
    const runs = await Promise.all([commit(a), commit(b)]);
    for (const [i, run] of runs.entries()) if (run.busy) await commit([a, b][i]!);
    const organization = await acme();
    const groups = await db().select({ path: deviceGroups.path, parentId: deviceGroups.parentId, id: deviceGroups.id }).from(deviceGroups).where(eq(deviceGroups.organizationId, organization.id));
    const race = groups.filter((g) => g.path.startsWith("Race"));
    expect(race.map((g) => g.path).sort()).toEqual(["Race", "Race/Hall A", "Race/Hall A/Line 1", "Race/Hall B"]);
    const byPath = new Map(race.map((g) => [g.path, g]));
    expect(byPath.get("Race/Hall A/Line 1")!.parentId).toBe(byPath.get("Race/Hall A")!.id);
    expect((await importRow(a)).createdCount + (await importRow(b)).createdCount).toBe(4);
  });

  it("updates replace tags and metadata only when given, and deletes take the SIM along", async () => {
    const header = deviceCsvColumns.join(",");
    const row = (cells: Record<number, string>) => deviceCsvColumns.map((_, i) => cells[i] ?? "").join(",");
    const create = await stage(
      csv([header, row({ 0: "Meter A", 1: "MTR:A", 4: "acme", 5: "MTR3P", 6: "30", 15: "a;b", 16: "k:v", 21: "89000000000000000101" })].join("\n")),
      "MTR3P",
      "a.csv",
    );
    await commit(create);
    const update = await stage(csv([header, row({ 1: "MTR:A", 4: "acme", 15: "c", 20: "true", 21: "89000000000000000102" })].join("\n")), "MTR3P", "b.csv");
    await commit(update);
    const [meter] = await db().select().from(devices).where(eq(devices.deviceKey, "MTR:A"));
    expect(meter).toMatchObject({ labels: ["c"], properties: { k: "v" }, heartbeatPeriod: 30, name: "Meter A" });
    const [sim] = await db().select().from(sims).where(eq(sims.deviceId, meter!.id));
    expect(sim!.iccid).toBe("89000000000000000102");
    expect(await importRow(update)).toMatchObject({ updatedCount: 1, simsUpdated: 1 });
    const remove = await stage(csv([header, row({ 1: "MTR:A", 4: "acme", 19: "true" })].join("\n")), "MTR3P", "c.csv");
    await commit(remove);
    expect(await importRow(remove)).toMatchObject({ deletedCount: 1, simsDeleted: 1 });
    expect(await db().$count(sims, eq(sims.iccid, "89000000000000000102"))).toBe(0);
    expect(await db().$count(importRows, eq(importRows.importId, remove))).toBe(1);
  });
});
