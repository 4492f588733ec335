import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { columnMappings, imports } from "@/db/schema";
import { csv, inverterAttributes } from "@/lib/import/__fixtures__/context";
import type { ColumnMapping } from "@/lib/import/mapping/mapping";
import { demoDatabaseFixture } from "@/test/demo-database";
import { mappingOffer } from "./column-mappings";
import { editStagedCell } from "./edit";
import { listImportRows } from "./queries";
import { stageImport } from "./stage";

const { db, secrets, acme, product, admin } = demoDatabaseFixture();

const header = ["Serial", "Label", "Zone", "Power kW", "MPPT", "Vendor", "Phase", "Grid", "Comment"];
const rows = [
  ["MAP-0001", "Roof 1", "Europe/Berlin", "5", "2", "Sungrow", "three", "yes", "x"],
  ["MAP-0002", "Roof 2", "+08:00", "6", "2", "Huawei", "single", "N", ""],
];
const file = (h: string[], r: string[][]) => csv([h, ...r].map((x) => x.join(",")).join("\n"));

const where = async () => ({ organization: await acme(), product: await product("INV5K"), admin: await admin() });

async function stage(bytes: Uint8Array, mapping: { offer?: boolean; apply?: ColumnMapping }) {
  const { organization, product, admin } = await where();
  return stageImport({ db: db(), organization, productId: product.id, actor: { userId: admin.id, isPlatformAdmin: false }, source: "console", secrets, file: { name: "erp.csv", bytes }, mapping });
}

describe("column mapping, staged", () => {
  it("offers a foreign file for mapping, stages it through the mapping, remembers it, and offers it again for the same columns reordered", async () => {
    const offered = await stage(file(header, rows), { offer: true });
    expect(offered.ok).toBe(false);
    if (offered.ok) return;
    expect(offered.error.code).toBe("NEEDS_MAPPING");
    const foreign = offered.error.foreign!;
    expect(foreign.header).toEqual(header);
    const { organization, product } = await where();
    const first = await mappingOffer({ db: db(), organizationId: organization.id, productId: product.id, foreign, attributes: inverterAttributes });
    expect(first.remembered).toBeNull();
    // Nothing was stored for the offer.
    expect(await db().select().from(imports).where(eq(imports.fileName, "erp.csv"))).toEqual([]);

    const targets = ["deviceKey", "name", "timezone", "attr.ratedPower", "attr.mpptCount", "attr.manufacturer", "attr.phase", "attr.gridConnected", null];
    const staged = await stage(file(header, rows), { apply: { header, targets } });
    if (!staged.ok) throw new Error(staged.error.message);
    expect(staged.value.summary).toMatchObject({ total: 2, valid: 2 });
    const [stored] = await db().select().from(imports).where(eq(imports.id, staged.value.importId));
    expect(stored!.header).toEqual(["DeviceKey", "Device Name", "Time Zone", "Rated Power", "MPPT Count", "Manufacturer", "Phase", "Grid Connected"]);
    expect(stored!.columnMapping).toEqual({ header, targets });
    const stagedRows = await listImportRows({ db: db(), importId: staged.value.importId });
    expect(stagedRows.map((r) => [r.line, r.cells["Grid Connected"], r.conversions])).toEqual([
      [2, "true", [{ column: "Grid Connected", kind: "boolean", from: "yes" }]],
      [3, "false", [{ column: "Grid Connected", kind: "boolean", from: "N" }]],
    ]);

    // An edit elsewhere in the row keeps the note of what the file said.
    const edited = await editStagedCell({ db: db(), importId: staged.value.importId, organization, isPlatformAdmin: false, secrets, edit: { line: 2, column: "Device Name", value: "Roof one" } });
    expect(edited.ok).toBe(true);
    const after = await listImportRows({ db: db(), importId: staged.value.importId });
    expect(after[0]!.cells["Device Name"]).toBe("Roof one");
    expect(after[0]!.conversions).toEqual([{ column: "Grid Connected", kind: "boolean", from: "yes" }]);

    // The same export, columns reordered: offered with last time's mapping, and said so.
    const order = [8, 7, 6, 5, 4, 3, 2, 1, 0];
    const again = await stage(file(order.map((i) => header[i]!), rows.map((r) => order.map((i) => r[i]!))), { offer: true });
    if (again.ok) throw new Error("expected a mapping offer");
    const second = await mappingOffer({ db: db(), organizationId: organization.id, productId: product.id, foreign: again.error.foreign!, attributes: inverterAttributes });
    expect(second.remembered).not.toBeNull();
    expect(second.suggestions.map((s) => [s.source, s.target, s.reason])).toEqual(order.map((i) => [header[i], targets[i], targets[i] === null ? null : "remembered"]));
    expect(await db().select().from(columnMappings)).toHaveLength(1);
  });

  it("a refused mapped file stores and remembers nothing", async () => {
    const before = (await db().select().from(columnMappings)).length;
    const other = ["Key", "Name", "TZ"];
    const result = await stage(file(other, [["MAP-0100", "x", "+08:00"]]), { apply: { header: other, targets: ["deviceKey", "name", "timezone"] } });
    expect(result.ok || result.error.message).toMatch(/Map a column to Rated Power, MPPT Count, Manufacturer, Phase/);
    expect((await db().select().from(columnMappings)).length).toBe(before);
  });
});
