import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devices, imports, organizations, products, users } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { secretBox } from "@/lib/crypto/secret-box";
import { inverterAttributes, xlsxOf } from "@/lib/import/__fixtures__/context";
import { defaultRowView, type RowView } from "@/lib/import/preview/row-view";
import { templateColumns } from "@/lib/import/template-columns";
import { createTestDatabase } from "@/test/database";
import { commitImport } from "./commit";
import { applyBulkEdit, editStagedCell, findUndo, undoStagedEdit } from "./edit";
import { revalidateStaged } from "./revalidate";
import { listImportRows } from "./queries";
import { countMatchingCells, listImportIssues, listImportRowWindow, locateImportRow, summarizeImportRows } from "./row-window";
import { stageImport } from "./stage";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const secrets = secretBox(randomBytes(32));
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
  // Big enough for the paging test's file.
  await database.db.update(organizations).set({ maxRowsPerFile: 5000 }).where(eq(organizations.slug, "acme"));
});
afterAll(() => database.dispose());

const db = () => database.db;
const acme = async () => (await db().select().from(organizations).where(eq(organizations.slug, "acme")))[0]!;
const columns = templateColumns(inverterAttributes);
const inverterRow = (key: string, overrides: Record<number, string> = {}) =>
  [key, `Inverter ${key}`, "+08:00", "5", "2", "Sungrow", "1.0", "three", "97.5", "true", "2026-01-15"].map((v, i) => overrides[i] ?? v);
const template = (rows: string[][]) => xlsxOf([columns.map((c) => c.header), columns.map((c) => c.hint), ...rows]);

async function stage(rows: string[][]) {
  const organization = await acme();
  const [product] = await db().select().from(products).where(eq(products.productKey, "INV5K"));
  const [admin] = await db().select().from(users).where(eq(users.email, "admin@example.com"));
  const result = await stageImport({ db: db(), organization, productId: product!.id, actor: { userId: admin!.id, isPlatformAdmin: false }, source: "console", secrets, file: { name: "u.xlsx", bytes: template(rows) } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.importId;
}
const scope = async (importId: string) => ({ db: db(), importId, organization: await acme(), isPlatformAdmin: false, secrets });
const view = (v: Partial<RowView> = {}): RowView => ({ ...defaultRowView, ...v });
const counters = async (id: string) => (await db().select().from(imports).where(eq(imports.id, id)))[0]!;
const cellsOf = async (id: string, column: string) => Object.fromEntries((await listImportRows({ db: db(), importId: id })).map((r) => [r.line, r.cells[column]]));

describe("the preview's windows", () => {
  it("pages invalid rows first, filters, searches, locates a line and pages the errors", async () => {
    // 3,000 rows, every 10th with a bad time zone: lines 3..3002, invalid on lines 3, 13, 23, ...
    const id = await stage(Array.from({ length: 3000 }, (_, i) => inverterRow(`PG-${String(i).padStart(5, "0")}`, i % 10 === 0 ? { 2: "+25:00" } : {})));
    const first = await listImportRowWindow({ db: db(), importId: id, view: view(), offset: 0, limit: 200 });
    expect(first.total).toBe(3000);
    expect(first.rows).toHaveLength(200);
    expect(first.rows.slice(0, 3).map((r) => r.line)).toEqual([3, 13, 23]);
    // The window that straddles the end of the invalid rows: 300 invalid, then valid ones by line.
    const straddle = await listImportRowWindow({ db: db(), importId: id, view: view(), offset: 298, limit: 4 });
    expect(straddle.rows.map((r) => [r.line, r.errors.length > 0])).toEqual([[2983, true], [2993, true], [4, false], [5, false]]);
    expect((await listImportRowWindow({ db: db(), importId: id, view: view({ filter: "invalid" }), offset: 0, limit: 10 })).total).toBe(300);
    expect((await listImportRowWindow({ db: db(), importId: id, view: view({ filter: "valid" }), offset: 2690, limit: 100 })).rows).toHaveLength(10);
    const search = await listImportRowWindow({ db: db(), importId: id, view: view({ q: "pg-0012" }), offset: 0, limit: 50 });
    expect(search.rows.map((r) => r.cells["DeviceKey"])).toEqual(["PG-00120", ...Array.from({ length: 9 }, (_, i) => `PG-0012${i + 1}`)]);
    // LIKE's wildcards are searched as text.
    expect((await listImportRowWindow({ db: db(), importId: id, view: view({ q: "PG_0" }), offset: 0, limit: 1 })).total).toBe(0);
    expect(await locateImportRow({ db: db(), importId: id, view: view(), line: 13 })).toBe(1);
    expect(await locateImportRow({ db: db(), importId: id, view: view(), line: 4 })).toBe(300);
    expect(await locateImportRow({ db: db(), importId: id, view: view({ sort: "line" }), line: 4 })).toBe(1);
    expect(await locateImportRow({ db: db(), importId: id, view: view({ filter: "invalid" }), line: 4 })).toBeNull();
    expect(await summarizeImportRows({ db: db(), importId: id })).toMatchObject({ all: 3000, invalid: 300, valid: 2700, removed: 0, errorCount: 300, creates: 2700 });
    const issues = await listImportIssues({ db: db(), importId: id, kind: "errors", offset: 100, limit: 2 });
    expect(issues.map((i) => [i.line, i.column, i.code])).toEqual([[1003, "Time Zone", "TIMEZONE_INVALID"], [1013, "Time Zone", "TIMEZONE_INVALID"]]);
  });
});

describe("bulk fixes", () => {
  it("sets a column on every invalid row (a selection by filter) in one call, counts the fixed rows, and undoes it", async () => {
    const id = await stage([inverterRow("BK-1", { 2: "+25:00" }), inverterRow("BK-2", { 2: "+25:00", 7: "four" }), inverterRow("BK-3"), inverterRow("BK-4", { 2: "" })]);
    const s = await scope(id);
    const done = await applyBulkEdit({ ...s, edit: { kind: "set", column: "Time Zone", value: "Europe/Berlin" }, target: { view: view({ filter: "invalid" }) } });
    expect(done).toMatchObject({ ok: true, message: "Fixed 2 of 3 rows; 1 still invalid.", undo: "set Time Zone on 3 rows" });
    expect(await cellsOf(id, "Time Zone")).toEqual({ 3: "Europe/Berlin", 4: "Europe/Berlin", 5: "+08:00", 6: "Europe/Berlin" });
    expect(await counters(id)).toMatchObject({ totalRows: 4, validRows: 3, invalidRows: 1 });
    expect(await findUndo({ db: db(), importId: id })).toBe("set Time Zone on 3 rows");

    expect(await undoStagedEdit(s)).toMatchObject({ ok: true, message: "Undone: set Time Zone on 3 rows." });
    expect(await cellsOf(id, "Time Zone")).toEqual({ 3: "+25:00", 4: "+25:00", 5: "+08:00", 6: "" });
    expect(await counters(id)).toMatchObject({ validRows: 1, invalidRows: 3 });
    // Once only.
    expect(await undoStagedEdit(s)).toEqual({ ok: false, error: "There is no edit to undo." });
  });

  it("counts the matches of a find and replace before applying it, then replaces within the column only", async () => {
    const id = await stage([inverterRow("FR-1", { 7: "3-phase" }), inverterRow("FR-2", { 7: "3-phase", 5: "3-phase" }), inverterRow("FR-3")]);
    const s = await scope(id);
    const all = { view: view() };
    expect(await countMatchingCells({ db: db(), importId: id, target: all, column: "Phase", find: "3-phase" })).toBe(2);
    expect(await countMatchingCells({ db: db(), importId: id, target: { lines: [3] }, column: "Phase", find: "3-phase" })).toBe(1);
    const done = await applyBulkEdit({ ...s, edit: { kind: "replace", column: "Phase", find: "3-phase", replace: "three" }, target: all });
    expect(done).toMatchObject({ ok: true, message: "Fixed 2 of 3 rows; 0 still invalid." });
    expect(await cellsOf(id, "Phase")).toEqual({ 3: "three", 4: "three", 5: "three" });
    expect(await cellsOf(id, "Manufacturer")).toMatchObject({ 4: "3-phase" });
  });

  it("fills down from the first selected row, in the grid's order", async () => {
    const id = await stage([inverterRow("FD-1", { 5: "Huawei" }), inverterRow("FD-2", { 2: "+25:00", 5: "" }), inverterRow("FD-3", { 5: "" })]);
    // Invalid first: line 4 is the first row of the view, so its (empty) cell would be copied; pick by line order.
    const done = await applyBulkEdit({ ...(await scope(id)), edit: { kind: "fill-down", column: "Manufacturer" }, target: { lines: [3, 4, 5] }, order: view({ sort: "line" }) });
    expect(done).toMatchObject({ ok: true });
    expect(await cellsOf(id, "Manufacturer")).toEqual({ 3: "Huawei", 4: "Huawei", 5: "Huawei" });
  });

  it("removes rows: a duplicate's twin becomes valid, the removed rows are skipped at commit and the counts add up; undo brings them back", async () => {
    const id = await stage([inverterRow("RM-1"), inverterRow("RM-1"), inverterRow("RM-3", { 2: "+25:00" }), inverterRow("RM-4")]);
    const s = await scope(id);
    expect(await counters(id)).toMatchObject({ validRows: 2, invalidRows: 2 });
    const removed = await applyBulkEdit({ ...s, edit: { kind: "remove" }, target: { lines: [3, 5] } });
    // Line 4 repeated line 3's key: with line 3 gone it is the first, and valid.
    expect(removed).toMatchObject({ ok: true, changedLines: [3, 4, 5], message: "Removed 2 rows from the import; 1 row elsewhere checked again." });
    expect(await counters(id)).toMatchObject({ totalRows: 4, validRows: 2, invalidRows: 0, removedRows: 2 });
    expect(await summarizeImportRows({ db: db(), importId: id })).toMatchObject({ all: 2, removed: 2, invalid: 0 });
    expect((await listImportRowWindow({ db: db(), importId: id, view: view(), offset: 0, limit: 10 })).rows.map((r) => r.line)).toEqual([4, 6]);
    // A removed row can no longer be edited.
    expect(await editStagedCell({ ...s, edit: { line: 3, column: "Phase", value: "three" } })).toEqual({ ok: false, error: "The import has no row on line 3." });

    await undoStagedEdit(s);
    expect(await counters(id)).toMatchObject({ validRows: 2, invalidRows: 2, removedRows: 0 });
    const rows = await listImportRows({ db: db(), importId: id });
    expect(rows.map((r) => [r.line, r.outcome, r.errors.map((e) => e.code)])).toEqual([
      [3, "pending", []],
      [4, "pending", ["DUPLICATE_DEVICE_KEY"]],
      [5, "pending", ["TIMEZONE_INVALID"]],
      [6, "pending", []],
    ]);

    await applyBulkEdit({ ...s, edit: { kind: "remove" }, target: { lines: [4, 5] } });
    await commitImport({ db: db(), importId: id, organization: await acme(), isPlatformAdmin: false, secrets });
    const after = await counters(id);
    expect(after).toMatchObject({ status: "completed", createdCount: 2, failedCount: 0, removedRows: 2, invalidRows: 0 });
    expect(after.createdCount + after.failedCount + after.invalidRows + after.removedRows).toBe(after.totalRows);
    expect((await listImportRows({ db: db(), importId: id })).map((r) => [r.line, r.outcome, r.outcomeMessage])).toEqual([
      [3, "created", null],
      [4, "skipped", "Removed by user"],
      [5, "skipped", "Removed by user"],
      [6, "created", null],
    ]);
  });

  it("still edits a staged import after the organization's rows-per-file limit was lowered below its size", async () => {
    const id = await stage([inverterRow("LIM-1"), inverterRow("LIM-2", { 2: "+25:00" }), inverterRow("LIM-3")]);
    await db().update(organizations).set({ maxRowsPerFile: 2 }).where(eq(organizations.slug, "acme"));
    try {
      expect(await editStagedCell({ ...(await scope(id)), edit: { line: 4, column: "Time Zone", value: "+01:00" } })).toMatchObject({ ok: true, message: "Fixed 1 of 1 row; 0 still invalid." });
    } finally {
      await db().update(organizations).set({ maxRowsPerFile: 5000 }).where(eq(organizations.slug, "acme"));
    }
  });

  it("keeps what reading found through an undo, and refuses columns it cannot edit", async () => {
    const id = await stage([inverterRow("RD-1"), inverterRow("RD-2")]);
    const s = await scope(id);
    expect(await applyBulkEdit({ ...s, edit: { kind: "set", column: "Nope", value: "x" }, target: { lines: [3] } })).toEqual({ ok: false, error: 'The file has no column "Nope".' });
    expect(await applyBulkEdit({ ...s, edit: { kind: "set", column: "Phase", value: "x" }, target: { lines: [99] } })).toEqual({ ok: false, error: "No row is selected." });
    // A cell edit is undoable too, and a later edit replaces the undo.
    await editStagedCell({ ...s, edit: { line: 3, column: "Phase", value: "four" } });
    expect(await findUndo({ db: db(), importId: id })).toBe("edit of Phase on line 3");
    await undoStagedEdit(s);
    expect(await cellsOf(id, "Phase")).toEqual({ 3: "three", 4: "three" });
  });

  it("checks again only the rows sharing a key with the edited ones, with the result of checking every row", async () => {
    const id = await stage([inverterRow("KS-1"), inverterRow("ks-1"), inverterRow("KS-1"), inverterRow("KS-2"), inverterRow("KS-3", { 2: "+25:00" })]);
    const s = await scope(id);
    const checks = async () => Object.fromEntries((await listImportRows({ db: db(), importId: id })).map((r) => [r.line, [...r.errors, ...r.warnings].map((e) => e.code)]));
    expect(await checks()).toEqual({ 3: [], 4: ["DEVICE_KEY_CASE"], 5: ["DUPLICATE_DEVICE_KEY"], 6: [], 7: ["TIMEZONE_INVALID"] });
    // Line 3 takes line 6's key: line 5 becomes the first KS-1 (next to ks-1), line 6 the repeat.
    const edited = await editStagedCell({ ...s, edit: { line: 3, column: "DeviceKey", value: "KS-2" } });
    expect(edited).toMatchObject({ ok: true, changedLines: [3, 4, 5, 6] });
    expect(await checks()).toEqual({ 3: [], 4: [], 5: ["DEVICE_KEY_CASE"], 6: ["DUPLICATE_DEVICE_KEY"], 7: ["TIMEZONE_INVALID"] });
    // What checking every row says, for comparison.
    const [staged] = await db().select().from(imports).where(eq(imports.id, id));
    const all = await revalidateStaged({ db: db(), staged: staged!, organization: await acme(), isPlatformAdmin: false, secrets });
    expect(Object.fromEntries(all.validated.rows.map((r) => [r.line, [...r.errors, ...r.warnings].map((e) => e.code)]))).toEqual(await checks());
    expect(await counters(id)).toMatchObject({ totalRows: 5, validRows: 3, invalidRows: 2 });
  });

  it("checks every row again when a cap binds: freeing a place lets a later row in", async () => {
    const organization = await acme();
    const [product] = await db().select().from(products).where(eq(products.productKey, "INV5K"));
    const current = await db().$count(devices, eq(devices.productId, product!.id));
    await db().update(organizations).set({ maxDevicesPerProduct: current + 2 }).where(eq(organizations.id, organization.id));
    try {
      const id = await stage([inverterRow("CAP-1"), inverterRow("CAP-2"), inverterRow("CAP-3")]);
      const codes = async () => (await listImportRows({ db: db(), importId: id })).map((r) => r.errors.map((e) => e.code));
      expect(await codes()).toEqual([[], [], ["PRODUCT_LIMIT_REACHED"]]);
      await editStagedCell({ ...(await scope(id)), edit: { line: 3, column: "Time Zone", value: "+25:00" } });
      expect(await codes()).toEqual([["TIMEZONE_INVALID"], [], []]);
    } finally {
      await db().update(organizations).set({ maxDevicesPerProduct: organization.maxDevicesPerProduct }).where(eq(organizations.id, organization.id));
    }
  });
});
