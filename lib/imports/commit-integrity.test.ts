import { randomBytes } from "node:crypto";
import { and, eq, inArray, like } from "drizzle-orm";
import ExcelJS from "exceljs";
import { describe, expect, it, vi } from "vitest";
import { deviceGroups, devices, externalIds, importRows, imports, type Import } from "@/db/schema";
import { newAssetId } from "@/lib/devices/asset-id";
import { csv, inverterAttributes, xlsxOf } from "@/lib/import/__fixtures__/context";
import { deviceCsvColumns } from "@/lib/import/dialects/device-csv";
import { templateColumns } from "@/lib/import/template-columns";
import { demoDatabaseFixture } from "@/test/demo-database";
import { commitImport, setAllOrNothing } from "./commit";
import { importCounters, unaccounted } from "./counters";
import { listImportRows } from "./queries";
import { stageImport } from "./stage";

const auth = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/app/_lib/route-auth", () => ({ routeOrganization: async () => auth.current }));

const { db, secrets, acme, product, admin } = demoDatabaseFixture(async () => {
  auth.current = { db: db(), user: await admin(), organization: await acme(), role: "operator" };
});
const importOf = async (id: string) => (await db().select().from(imports).where(eq(imports.id, id)))[0]!;
const rowsOf = (id: string) => listImportRows({ db: db(), importId: id });

async function stage(bytes: Uint8Array, productKey: string, name: string) {
  const result = await stageImport({
    db: db(),
    organization: await acme(),
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

async function download(importId: string, kind: "errmsg" | "failed") {
  const { GET } = await import("@/app/(console)/o/[org]/imports/[id]/download/[kind]/route");
  return GET(new Request("http://localhost/x"), { params: Promise.resolve({ org: "acme", id: importId, kind }) });
}
async function sheetRows(response: Response) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  const sheet = book.worksheets[0]!;
  const out: { values: string[]; notes: (string | undefined)[] }[] = [];
  sheet.eachRow((row) => {
    const values: string[] = [];
    const notes: (string | undefined)[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) {
      const cell = row.getCell(i);
      values.push(cell.value === null || cell.value === undefined ? "" : String(cell.value));
      notes.push(typeof cell.note === "string" ? cell.note : cell.note ? JSON.stringify(cell.note) : undefined);
    }
    out.push({ values, notes });
  });
  return out;
}

/** Every row of the import is in exactly one counter. */
function expectAccounted(imp: Import) {
  const c = importCounters(imp);
  expect(unaccounted(c)).toBe(0);
  expect(c.created + c.updated + c.deleted + c.credentialUpdated + c.failed + c.skipped).toBe(imp.totalRows);
}

const INTERNALS = /select |insert into|update "|params|failed query|\$\d|jsonb_to_recordset|at .*\(/i;
const columns = templateColumns(inverterAttributes);
const inverterRow = (key: string) => [key, `Inverter ${key}`, "+08:00", "5", "2", "Sungrow", "1.0", "three", "97.5", "true", "2026-01-15"];
const template = (rows: string[][]) => xlsxOf([columns.map((c) => c.header), columns.map((c) => c.hint), ...rows]);
const csvRow = (cells: Record<number, string>) => deviceCsvColumns.map((_, i) => cells[i] ?? "").join(",");
const deviceCsv = (...rows: string[]) => csv([deviceCsvColumns.join(","), ...rows].join("\n"));

describe("accounting", () => {
  it("keys taken between preview and confirm: amber status, each row failed with its code in the errors, errmsg.txt and the failed rows", async () => {
    const keys = ["TKN-0001", "TKN-0002", "TKN-0003"];
    const id = await stage(template([...keys.map(inverterRow), inverterRow("TKN-0004")]), "INV5K", "taken.xlsx");
    const organization = await acme();
    const inverter = await product("INV5K");
    await db()
      .insert(devices)
      .values(keys.map((deviceKey) => ({ organizationId: organization.id, productId: inverter.id, deviceKey, name: "meanwhile", timezone: "UTC", assetId: newAssetId() })));
    await commit(id);

    const imp = await importOf(id);
    expect(imp).toMatchObject({ status: "completed_with_failures", createdCount: 1, failedCount: 3, skippedCount: 0 });
    expectAccounted(imp);
    const rows = await rowsOf(id);
    expect(rows.filter((r) => r.outcome === "failed").map((r) => [r.line, r.outcomeCode])).toEqual([
      [3, "DEVICE_KEY_TAKEN"],
      [4, "DEVICE_KEY_TAKEN"],
      [5, "DEVICE_KEY_TAKEN"],
    ]);

    const errmsg = await (await download(id, "errmsg")).text();
    expect(errmsg.trim().split("\r\n")).toEqual(keys.map((k, i) => `Line ${i + 3}: DeviceKey "${k}" already exists in this organization (product INV5K)`));
    const failed = await sheetRows(await download(id, "failed"));
    expect(failed.slice(1).map((r) => [r.values[0], r.values[1], r.values.at(-1)])).toEqual(keys.map((k, i) => [String(i + 3), k, `DeviceKey "${k}" already exists in this organization (product INV5K)`]));
  });
});

describe("accounting of updates and deletes", () => {
  it("a device deleted after the preview fails its update and delete rows with DEVICE_GONE; the others are written", async () => {
    const created = await stage(deviceCsv(...["GONE:01", "GONE:02", "GONE:03"].map((k) => csvRow({ 0: k, 1: k, 4: "acme", 5: "MTR3P", 6: "60" }))), "MTR3P", "gone-a.csv");
    await commit(created);
    const changes = await stage(
      deviceCsv(csvRow({ 1: "GONE:01", 4: "acme", 20: "true", 0: "Renamed" }), csvRow({ 1: "GONE:02", 4: "acme", 19: "true" }), csvRow({ 1: "GONE:03", 4: "acme", 20: "true", 0: "Renamed" })),
      "MTR3P",
      "gone-b.csv",
    );
    await db().delete(devices).where(inArray(devices.deviceKey, ["GONE:01", "GONE:02"]));
    await commit(changes);
    const imp = await importOf(changes);
    expect(imp).toMatchObject({ status: "completed_with_failures", updatedCount: 1, deletedCount: 0, failedCount: 2 });
    expectAccounted(imp);
    expect((await rowsOf(changes)).map((r) => [r.line, r.outcome, r.outcomeCode])).toEqual([
      [2, "failed", "DEVICE_GONE"],
      [3, "failed", "DEVICE_GONE"],
      [4, "updated", null],
    ]);
  });
});

describe("isolation", () => {
  const huge = randomBytes(3000).toString("base64"); // 4,000 characters that do not compress: over PostgreSQL's 2,704-byte index row
  const c8yFile = (prefix: string) =>
    csv(
      [
        "ID;CREDENTIALS;TYPE;NAME;PATH;external-imei",
        `${prefix}-1;pw-1;MTR3P;one;${prefix} Site/Hall A/Line 1;imei-${prefix}-1`,
        `${prefix}-2;pw-2;MTR3P;two;${prefix} Site/Hall B/Line 2;${huge}`,
        `${prefix}-3;pw-3;MTR3P;three;${prefix} Site/Hall C/Line 3;imei-${prefix}-3`,
      ].join("\n"),
    );
  const groupsLike = async (prefix: string) =>
    (await db().select({ path: deviceGroups.path }).from(deviceGroups).where(like(deviceGroups.path, `${prefix} Site%`))).map((g) => g.path).sort();
  const devicesOf = async (prefix: string) => (await db().select({ key: devices.deviceKey }).from(devices).where(like(devices.deviceKey, `${prefix}-%`))).map((d) => d.key).sort();

  it("a row the database refuses (a value over an index limit) fails alone, leaves no group or device, and shows no SQL", async () => {
    const id = await stage(c8yFile("ISO"), "MTR3P", "iso.csv");
    await commit(id);
    const imp = await importOf(id);
    expect(imp).toMatchObject({ status: "completed_with_failures", createdCount: 2, failedCount: 1, error: null });
    expectAccounted(imp);
    const rows = await rowsOf(id);
    expect(rows.map((r) => [r.line, r.outcome, r.outcomeCode])).toEqual([
      [2, "created", null],
      [3, "failed", "VALUE_TOO_LONG"],
      [4, "created", null],
    ]);
    expect(rows[1]!.outcomeMessage).toMatch(/^An external ID of this row is too long to be stored/);
    expect(rows[1]!.outcomeMessage).not.toMatch(INTERNALS);
    expect(await devicesOf("ISO")).toEqual(["ISO-1", "ISO-3"]);
    // Only the written rows' groups exist: none for Hall B.
    expect(await groupsLike("ISO")).toEqual(["ISO Site", "ISO Site/Hall A", "ISO Site/Hall A/Line 1", "ISO Site/Hall C", "ISO Site/Hall C/Line 3"]);
    const ids = await db().select({ value: externalIds.value }).from(externalIds).where(like(externalIds.value, "%ISO-%"));
    expect(ids.map((e) => e.value).sort()).toEqual(["ISO-1", "ISO-3", "imei-ISO-1", "imei-ISO-3"]);
  });

  it("all or nothing: the same file writes nothing, and every row says why", async () => {
    const id = await stage(c8yFile("AON"), "MTR3P", "aon.csv");
    await setAllOrNothing({ db: db(), importId: id, allOrNothing: true });
    await commit(id);
    const imp = await importOf(id);
    expect(imp).toMatchObject({ status: "failed", createdCount: 0, failedCount: 3 });
    expect(imp.error).toBe("All or nothing: line 3 could not be imported, so no row was written");
    expectAccounted(imp);
    expect((await rowsOf(id)).map((r) => [r.line, r.outcome, r.outcomeCode])).toEqual([
      [2, "failed", "ROLLED_BACK"],
      [3, "failed", "VALUE_TOO_LONG"],
      [4, "failed", "ROLLED_BACK"],
    ]);
    expect(await devicesOf("AON")).toEqual([]);
    expect(await groupsLike("AON")).toEqual([]);
  });
});

describe("routing", () => {
  it("a device CSV row naming another product than the import's is an error that says so, and lands nowhere", async () => {
    const id = await stage(deviceCsv(csvRow({ 0: "Meter", 1: "RT:01", 4: "acme", 5: "MTR3P", 6: "60" }), csvRow({ 0: "Inverter", 1: "RT:02", 4: "acme", 5: "INV5K", 6: "60" })), "MTR3P", "route.csv");
    const rows = await rowsOf(id);
    expect(rows[1]!.errors).toEqual([
      {
        column: "Device Type ID",
        code: "OTHER_PRODUCT",
        message: `Device Type ID "INV5K" is another product than MTR3P (Three-Phase Meter), which this import is for; import this row from INV5K's page, or change it`,
      },
    ]);
    await commit(id);
    const written = await db().select({ key: devices.deviceKey, productId: devices.productId }).from(devices).where(inArray(devices.deviceKey, ["RT:01", "RT:02"]));
    expect(written).toEqual([{ key: "RT:01", productId: (await product("MTR3P")).id }]);
  });

  it("a Parent Device ID naming a device created earlier in the same file is linked", async () => {
    const id = await stage(
      deviceCsv(csvRow({ 0: "Gateway", 1: "PAR:GW", 4: "acme", 5: "MTR3P", 6: "60" }), csvRow({ 0: "Child", 1: "PAR:CH", 4: "acme", 5: "MTR3P", 6: "60", 14: "PAR:GW" })),
      "MTR3P",
      "parents.csv",
    );
    await commit(id);
    const [gateway] = await db().select().from(devices).where(eq(devices.deviceKey, "PAR:GW"));
    const [child] = await db().select().from(devices).where(eq(devices.deviceKey, "PAR:CH"));
    expect(child!.parentDeviceId).toBe(gateway!.id);
  });
});

describe("secrets in round trips", () => {
  it("the failed rows leave passwords out with a note; uploaded back, the mask is never a credential", async () => {
    // Line 3 is invalid (SHELL), so it is in the failed rows with its password masked in the stored cells.
    const id = await stage(csv("ID;CREDENTIALS;TYPE;NAME;SHELL\nRTP-1;secret-1;MTR3P;one;1\nRTP-2;secret-2;MTR3P;two;3\n"), "MTR3P", "rt.csv");
    const failed = await sheetRows(await download(id, "failed"));
    const header = failed[0]!.values;
    const at = header.indexOf("CREDENTIALS");
    expect(failed[1]!.values[at]).toBe("");
    expect(failed[1]!.notes[at]).toMatch(/CREDENTIALS is not exported: fill it in again/);
    expect(JSON.stringify(failed)).not.toContain("••••••");

    // A file that does carry the mask (as older exports did) is refused on that cell.
    const masked = await stage(csv("ID;CREDENTIALS;TYPE;NAME\nRTP-3;••••••;MTR3P;three\n"), "MTR3P", "masked.csv");
    const [row] = await rowsOf(masked);
    expect(row!.errors.map((e) => [e.column, e.code])).toEqual([["CREDENTIALS", "MASKED_SECRET"]]);
    await commit(masked);
    expect(await db().$count(devices, eq(devices.deviceKey, "RTP-3"))).toBe(0);
  });
});

describe("required attributes", () => {
  it("a create through a dialect without attribute columns is warned of the required attributes it leaves out", async () => {
    const id = await stage(deviceCsv(csvRow({ 0: "Meter", 1: "REQ:01", 4: "acme", 5: "MTR3P", 6: "60" })), "MTR3P", "req.csv");
    const [row] = await rowsOf(id);
    expect(row!.warnings).toContainEqual({
      column: null,
      code: "REQUIRED_ATTRIBUTES_MISSING",
      message: "The device is created without the required attributes Meter Type, Max Current, Bidirectional of product MTR3P (this file format cannot carry them); it shows as incomplete until they are set",
    });
    // An update changes no attributes: no such warning.
    await commit(id);
    const update = await stage(deviceCsv(csvRow({ 1: "REQ:01", 4: "acme", 20: "true", 0: "Renamed" })), "MTR3P", "req2.csv");
    expect((await rowsOf(update))[0]!.warnings).toEqual([]);
    const [stored] = await db().select().from(importRows).where(and(eq(importRows.importId, id), eq(importRows.line, 2)));
    expect(stored!.outcome).toBe("created");
  });
});
