import { eq } from "drizzle-orm";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { devices, imports } from "@/db/schema";
import { csv, inverterAttributes } from "@/lib/import/__fixtures__/context";
import type { ReadOptions } from "@/lib/import/read";
import { templateColumns } from "@/lib/import/template-columns";
import { demoDatabaseFixture } from "@/test/demo-database";
import { commitImport } from "./commit";
import { editStagedCell } from "./edit";
import { listImportRows } from "./queries";
import { stageImport } from "./stage";

const { db, secrets, acme, product, admin } = demoDatabaseFixture();
const header = templateColumns(inverterAttributes).map((c) => c.header).join(",");
const line = (key: string, name: string, manufacturer = "Sungrow") => `${key},${name},+08:00,5.5,2,${manufacturer},2.1.0,three,97.5,true,2026-01-15`;

async function stage(bytes: Uint8Array, read?: ReadOptions) {
  const organization = await acme();
  const result = await stageImport({ db: db(), organization, productId: (await product("INV5K")).id, actor: { userId: (await admin()).id, isPlatformAdmin: false }, source: "console", secrets, file: { name: "devices.csv", bytes }, read });
  if (!result.ok) throw new Error(result.error.message);
  return { id: result.value.importId, organization };
}

describe("staging files as other tools wrote them", () => {
  it("a GBK CSV is stored and imported as Chinese, and the import says how it was read", async () => {
    const { id, organization } = await stage(new Uint8Array(iconv.encode([header, line("GBK-0001", "屋顶逆变器一号"), line("GBK-0002", "北京朝阳区设备")].join("\r\n"), "gbk")));
    const [imp] = await db().select().from(imports).where(eq(imports.id, id));
    expect(imp).toMatchObject({ encoding: "gb18030", validRows: 2 });
    await commitImport({ db: db(), importId: id, organization, isPlatformAdmin: false, secrets });
    const [device] = await db().select().from(devices).where(eq(devices.deviceKey, "GBK-0001"));
    expect(device!.name).toBe("屋顶逆变器一号");
  });

  it("keeps the encoding the user picked and the warning of a guess", async () => {
    const bytes = new Uint8Array(iconv.encode(`${header}\n${line("B5-0001", "Roof", "臺北電")}\n`, "big5"));
    const guessed = await stage(bytes);
    const [first] = await db().select().from(imports).where(eq(imports.id, guessed.id));
    expect(first!.fileWarnings).toEqual([expect.objectContaining({ code: "ENCODING_UNSURE" })]);
    const picked = await stage(bytes, { encoding: "big5" });
    const [second] = await db().select().from(imports).where(eq(imports.id, picked.id));
    expect(second).toMatchObject({ encoding: "big5", fileWarnings: [] });
    expect((await listImportRows({ db: db(), importId: picked.id }))[0]!.cells["Manufacturer"]).toBe("臺北電");
  });

  it("a NUL byte in a cell is staged as an invalid row, shown as ␀, never a database error", async () => {
    const { id } = await stage(csv(`${header}\n${line("NUL-0001", "Roof", "Sung\u0000row")}\n${line("NUL-0002", "Cellar")}\n`));
    const rows = await listImportRows({ db: db(), importId: id });
    expect(rows.map((r) => [r.line, r.errors.map((e) => e.code)])).toEqual([
      [2, ["CONTROL_CHARACTER"]],
      [3, []],
    ]);
    expect(rows[0]!.cells["Manufacturer"]).toBe("Sung␀row");
  });

  it("what reading found stays on its row through edits and the commit", async () => {
    const text = ["ID;CREDENTIALS;TYPE;NAME", 'rd-quote-1;pass-quote-1;INV5K;"Roof meter', "rd-valid-2;pass-valid-2;INV5K;Cellar", "rd-count-3;pass-count-3;INV5K;Garage;extra", "rd-valid-4;pass-valid-4;INV5K;Shed"].join("\n");
    const { id, organization } = await stage(csv(text));
    const codes = async () => Object.fromEntries((await listImportRows({ db: db(), importId: id })).map((r) => [r.line, r.errors.map((e) => e.code)]));
    expect(await codes()).toEqual({ 2: ["UNCLOSED_QUOTE"], 3: [], 4: ["COLUMN_COUNT"], 5: [] });
    const edit = (line: number, column: string, value: string) => editStagedCell({ db: db(), importId: id, organization, isPlatformAdmin: false, edit: { line, column, value }, secrets });
    expect(await edit(3, "NAME", "Cellar meter")).toMatchObject({ ok: true });
    expect(await codes()).toEqual({ 2: ["UNCLOSED_QUOTE"], 3: [], 4: ["COLUMN_COUNT"], 5: [] });
    // Editing a line that was not read as written does not make it so: its values may be shifted or lost.
    expect(await edit(2, "NAME", "Roof meter")).toMatchObject({ ok: true });
    expect(await edit(4, "NAME", "Garage door")).toMatchObject({ ok: true });
    expect(await codes()).toEqual({ 2: ["UNCLOSED_QUOTE"], 3: [], 4: ["COLUMN_COUNT"], 5: [] });
    await commitImport({ db: db(), importId: id, organization, isPlatformAdmin: false, secrets });
    const written = await db().select({ key: devices.deviceKey }).from(devices).where(eq(devices.organizationId, organization.id));
    const keys = written.map((d) => d.key).filter((k) => k.startsWith("rd-"));
    expect(keys.sort()).toEqual(["rd-valid-2", "rd-valid-4"]);
  });
});
