import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { and, count } from "drizzle-orm";
import { devices, importRows, imports, models, organizations, products } from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { csv, inverterAttributes, xlsxOf } from "@/lib/import/__fixtures__/context";
import { deviceCsvText, meterCreateRow } from "@/lib/import/__fixtures__/device-csv";
import { templateColumns } from "@/lib/import/template-columns";
import { demoDatabaseFixture } from "@/test/demo-database";
import { commitImport } from "./commit";
import { rowsToCommit } from "./commit-rows";
import { editStagedCell, undoStagedEdit } from "./edit";
import { listImportRows } from "./queries";
import { stageImport } from "./stage";

const { db, secrets, acme, product, admin } = demoDatabaseFixture();

const columns = templateColumns(inverterAttributes);
const inverterRow = (key: string, phase = "three") => [key, `Inverter ${key}`, "+08:00", "5", "2", "Sungrow", "1.0", phase, "97.5", "true", "2026-01-15"];
const template = (rows: string[][]) => xlsxOf([columns.map((c) => c.header), columns.map((c) => c.hint), ...rows]);

async function stage(bytes: Uint8Array, productKey: string, name: string) {
  const result = await stageImport({ db: db(), organization: await acme(), productId: (await product(productKey)).id, actor: { userId: (await admin()).id, isPlatformAdmin: false }, source: "console", secrets, file: { name, bytes } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.importId;
}
const importOf = async (id: string) => (await db().select().from(imports).where(eq(imports.id, id)))[0]!;
const commit = async (id: string, pageRows?: number) => commitImport({ db: db(), importId: id, organization: await acme(), isPlatformAdmin: false, secrets, pageRows });
const toCommit = async (id: string) => rowsToCommit({ db: db(), staged: await importOf(id), organization: await acme(), isPlatformAdmin: false, secrets });
const scope = async (importId: string) => ({ db: db(), importId, organization: await acme(), isPlatformAdmin: false, secrets });
const device = async (key: string) => (await db().select().from(devices).where(eq(devices.deviceKey, key)))[0];

describe("the commit takes the rows as checked when staged", () => {
  it("writes each valid row's stored change without checking its cells again, and checks again what the database changed", async () => {
    const id = await stage(template([inverterRow("CR-0001"), inverterRow("CR-0002"), inverterRow("CR-0003", "four")]), "INV5K", "stored.xlsx");
    const plan = await toCommit(id);
    expect(plan.recheckedCells).toBe(false);
    expect(plan.todo.map((r) => [r.line, r.change?.attributes?.phase ?? null])).toEqual([
      [3, "three"],
      [4, "three"],
      [5, null],
    ]);
    expect(plan.invalidAtStaging).toEqual(new Set([5]));

    // Taken by someone else between preview and confirm: that row fails, the other is written.
    const { id: productId } = await product("INV5K");
    await db().insert(devices).values({ organizationId: (await acme()).id, productId, assetId: "cr-taken-1", deviceKey: "CR-0002", name: "Taken", timezone: "UTC" });
    await commit(id);
    const rows = await listImportRows({ db: db(), importId: id });
    expect(rows.map((r) => [r.line, r.outcome, r.outcomeCode])).toEqual([
      [3, "created", null],
      [4, "failed", "DEVICE_KEY_TAKEN"],
      [5, "skipped", null],
    ]);
    expect((await device("CR-0001"))?.attributes).toMatchObject({ phase: "three", ratedPower: 5 });
  });

  it("checks every cell again when the product's model changed since staging", async () => {
    const id = await stage(template([inverterRow("CM-0001"), inverterRow("CM-0002", "single")]), "INV5K", "model.xlsx");
    const [inverter] = await db().select({ modelId: products.modelId }).from(products).where(eq(products.productKey, "INV5K"));
    const [model] = await db().select().from(models).where(eq(models.id, inverter!.modelId));
    const narrowed = model!.attributes.map((a) => (a.identifier === "phase" ? { ...a, enumValues: ["single"] } : a));
    await db().update(models).set({ attributes: narrowed }).where(eq(models.id, model!.id));
    try {
      const plan = await toCommit(id);
      expect(plan.recheckedCells).toBe(true);
      await commit(id);
      const rows = await listImportRows({ db: db(), importId: id });
      expect(rows.map((r) => [r.line, r.outcome])).toEqual([
        [3, "failed"],
        [4, "created"],
      ]);
      expect(rows[0]!.outcomeMessage).toMatch(/Phase/);
      expect(await device("CM-0001")).toBeUndefined();
    } finally {
      await db().update(models).set({ attributes: model!.attributes }).where(eq(models.id, model!.id));
    }
  });

  it("writes an edited cell, and after an undo the value the file had", async () => {
    const edited = await stage(template([inverterRow("CE-0001")]), "INV5K", "edited.xlsx");
    expect(await editStagedCell({ ...(await scope(edited)), edit: { line: 3, column: "Manufacturer", value: "Huawei" } })).toMatchObject({ ok: true });
    expect((await toCommit(edited)).recheckedCells).toBe(false);
    await commit(edited);
    expect((await device("CE-0001"))?.attributes).toMatchObject({ manufacturer: "Huawei" });

    const undone = await stage(template([inverterRow("CE-0002")]), "INV5K", "undone.xlsx");
    expect(await editStagedCell({ ...(await scope(undone)), edit: { line: 3, column: "Manufacturer", value: "Huawei" } })).toMatchObject({ ok: true });
    expect(await undoStagedEdit(await scope(undone))).toMatchObject({ ok: true });
    await commit(undone);
    expect((await device("CE-0002"))?.attributes).toMatchObject({ manufacturer: "Sungrow" });
  });

  it("keeps a row's password out of its stored change, hashes it onto the device, and forgets it once the import ran", async () => {
    const id = await stage(csv("ID;CREDENTIALS;TYPE;NAME\ncp_1;pw-secret-991;MTR3P;One\n"), "MTR3P", "c8y.csv");
    const [staged] = await db().select().from(importRows).where(eq(importRows.importId, id));
    expect(JSON.stringify(staged!.checked)).not.toContain("pw-secret-991");
    expect(staged!.checked?.change.deviceKey).toBe("cp_1");
    expect(staged!.sealedChange).not.toBeNull();
    expect(staged!.sealedChange).not.toContain("pw-secret-991");
    expect((await toCommit(id)).recheckedCells).toBe(false);
    await commit(id);
    const written = await device("cp_1");
    expect(await verifyPassword("pw-secret-991", written!.credentialsHash!)).toBe(true);
    const [after] = await db().select().from(importRows).where(eq(importRows.importId, id));
    expect([after!.sealedCells, after!.sealedChange]).toEqual([null, null]);
  });

  it("checks every cell again for rows staged without a stored check (staged by an earlier version)", async () => {
    const id = await stage(template([inverterRow("CL-0001")]), "INV5K", "legacy.xlsx");
    await db().update(importRows).set({ checked: null }).where(eq(importRows.importId, id));
    const plan = await toCommit(id);
    expect(plan.recheckedCells).toBe(true);
    expect(plan.todo[0]!.change?.deviceKey).toBe("CL-0001");
    await commit(id);
    expect(await device("CL-0001")).toBeDefined();
  });

  it("reads and checks a page at a time: a parent made on an earlier page is linked, the caps count the pages before", async () => {
    const child = (key: string) => meterCreateRow(key, { 14: "PG-PARENT" });
    const file = csv(deviceCsvText(meterCreateRow("PG-PARENT"), child("PG-C1"), child("PG-C2"), meterCreateRow("PG-BAD", { 6: "often" }), child("PG-C3"), child("PG-C4"), child("PG-C5")));
    const id = await stage(file, "MTR3P", "pages.csv");
    const organization = await acme();
    const first = await rowsToCommit({ db: db(), staged: await importOf(id), organization, isPlatformAdmin: false, secrets, after: 0, pageRows: 2 });
    expect([first.todo.map((r) => r.line), first.lastLine]).toEqual([[2, 3], 3]);
    const last = await rowsToCommit({ db: db(), staged: await importOf(id), organization, isPlatformAdmin: false, secrets, after: 7, pageRows: 2 });
    expect([last.todo.map((r) => r.line), last.lastLine]).toEqual([[8], null]);

    // Room for five more meters now: the sixth create (line 8, on the last page) reaches the cap.
    const { id: productId } = await product("MTR3P");
    const [{ meters }] = (await db().select({ meters: count() }).from(devices).where(eq(devices.productId, productId))) as [{ meters: number }];
    await db().update(organizations).set({ maxDevicesPerProduct: meters + 5 }).where(eq(organizations.id, organization.id));
    try {
      await commit(id, 2);
    } finally {
      await db().update(organizations).set({ maxDevicesPerProduct: organization.maxDevicesPerProduct }).where(eq(organizations.id, organization.id));
    }
    const rows = await listImportRows({ db: db(), importId: id });
    expect(rows.map((r) => [r.line, r.outcome, r.outcomeCode])).toEqual([
      [2, "created", null],
      [3, "created", null],
      [4, "created", null],
      [5, "skipped", null],
      [6, "created", null],
      [7, "created", null],
      [8, "failed", "PRODUCT_LIMIT_REACHED"],
    ]);
    const parent = await device("PG-PARENT");
    const linked = await db().select({ key: devices.deviceKey }).from(devices).where(and(eq(devices.parentDeviceId, parent!.id)));
    expect(linked.map((d) => d.key).sort()).toEqual(["PG-C1", "PG-C2", "PG-C3", "PG-C4"]);
    expect(await importOf(id)).toMatchObject({ status: "completed_with_failures", createdCount: 5, failedCount: 1, skippedCount: 1, processedRows: 7 });
  });
});
