import { describe, expect, it } from "vitest";
import { blankRowsFlood, contentTypesWith, longCell, rowsBomb, sharedStringsBomb, workbookParts } from "../__fixtures__/crafted-xlsx";
import { memoryLookup, testContext } from "../__fixtures__/context";
import { makeZip } from "../__fixtures__/zip";
import { defaultLimits } from "../limits";
import { validateFile } from "../validate-file";
import { readSheet } from "./index";
import { readAttributes, StopReading, XmlStream } from "./xlsx/xml";
import { prefixSizes } from "./xlsx/zip";

/** Reads once, with the time it took and how much the process grew while it ran. */
function measured(bytes: Uint8Array, limits = defaultLimits) {
  const rss = process.memoryUsage().rss;
  const start = performance.now();
  const result = readSheet(bytes, limits);
  return { result, ms: performance.now() - start, growthMb: (process.memoryUsage().rss - rss) / 1024 / 1024 };
}
const refusal = (bytes: Uint8Array, limits = defaultLimits) => {
  const result = readSheet(bytes, limits);
  if (result.ok) throw new Error("expected a refusal");
  return result.error;
};
const sheet = (bytes: Uint8Array, limits = defaultLimits) => {
  const result = readSheet(bytes, limits);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};
const text = (r: number, col: string, value: string) => `<c r="${col}${r}" t="inlineStr"><is><t>${value}</t></is></c>`;

describe("crafted .xlsx files are refused while reading, not after", () => {
  it("refuses 2.3 million real rows in a small file at the row limit, in well under a second", () => {
    const bytes = rowsBomb();
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    const { result, ms, growthMb } = measured(bytes);
    expect(result).toMatchObject({ ok: false, error: { code: "TOO_MANY_ROWS", message: expect.stringContaining("more than 1,000 device rows") } });
    expect(ms).toBeLessThan(1000);
    expect(growthMb).toBeLessThan(100);
  }, 60_000);

  it("refuses 2.4 million shared strings at the count cap, even without a count attribute", () => {
    const bytes = sharedStringsBomb();
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    const { result, ms, growthMb } = measured(bytes);
    expect(result).toMatchObject({ ok: false, error: { code: "TOO_MANY_STRINGS" } });
    expect(ms).toBeLessThan(1000);
    expect(growthMb).toBeLessThan(100);
  }, 60_000);

  it.each(["inline", "shared"] as const)("refuses a 50 MB %s string by its cell before keeping it", (as) => {
    const bytes = longCell(50 * 1024 * 1024, as);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    const { result, ms, growthMb } = measured(bytes);
    expect(result).toMatchObject({ ok: false, error: { code: "CELL_TOO_LONG", message: expect.stringContaining("more than 32,767 characters") } });
    if (as === "inline") expect(result).toMatchObject({ error: { message: expect.stringContaining("Cell B2") } });
    expect(ms).toBeLessThan(1000);
    expect(growthMb).toBeLessThan(100);
  }, 60_000);

  it("refuses a flood of blank rows long before the grid's edge, and reads 60,000 of them", () => {
    const { result, ms, growthMb } = measured(blankRowsFlood());
    expect(result).toMatchObject({ ok: false, error: { code: "TOO_MANY_ROWS", message: expect.stringContaining("most of them empty") } });
    expect(ms).toBeLessThan(1000);
    expect(growthMb).toBeLessThan(100);
    const formatted = `<row r="1">${text(1, "A", "DeviceKey")}</row><row r="2">${text(2, "A", "DEV-1")}</row>${Array.from({ length: 60_000 }, (_, i) => `<row r="${i + 3}"><c r="A${i + 3}" s="1"/></row>`).join("")}`;
    expect(sheet(makeZip(workbookParts(formatted))).rows).toEqual([{ line: 2, cells: ["DEV-1"] }]);
  }, 60_000);

  it("keeps a cell of exactly 32,767 characters, and refuses one more", () => {
    expect(sheet(longCell(32_767)).rows[0]!.cells[1]).toHaveLength(32_767);
    expect(refusal(longCell(32_768))).toMatchObject({ code: "CELL_TOO_LONG", message: expect.stringContaining("Cell B2") });
  });

  it("counts a cell's characters after _x000D_ escapes are decoded, as Excel does", () => {
    const value = "ab_x000D_".repeat(10_000); // 90,000 characters written, 30,000 in the cell
    const body = `<row r="1">${text(1, "A", "Note")}</row><row r="2">${text(2, "A", value)}</row>`;
    expect(sheet(makeZip(workbookParts(body))).rows[0]!.cells[0]).toBe("ab\r".repeat(10_000));
  });

  it("stops at the first row past the limit and says TOO_MANY_ROWS like the validator", () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `<row r="${i + 1}">${text(i + 1, "A", `K${i}`)}</row>`).join("");
    const limits = { ...defaultLimits, maxRows: 5 };
    expect(sheet(makeZip(workbookParts(body(8))), limits).rows).toHaveLength(7);
    expect(refusal(makeZip(workbookParts(body(9))), limits)).toEqual({
      code: "TOO_MANY_ROWS",
      message: "The file has more than 5 device rows; at most 5 are allowed per file. Split it into files of up to 5 rows and upload them one at a time.",
    });
  });
});

describe("Excel's grid", () => {
  it("refuses a cell past column XFD by name", () => {
    const body = `<row r="1">${text(1, "A", "DeviceKey")}</row><row r="5">${text(5, "A", "DEV-1")}${text(5, "XFE", "x")}</row>`;
    expect(refusal(makeZip(workbookParts(body)))).toMatchObject({ code: "CELL_OUTSIDE_GRID", message: expect.stringContaining("Cell XFE5 is outside Excel's grid") });
  });

  it("refuses a row past 1,048,576 by name, by its row or its cells", () => {
    const row = `<row r="1">${text(1, "A", "DeviceKey")}</row><row r="1048577">${text(1048577, "A", "DEV-1")}</row>`;
    expect(refusal(makeZip(workbookParts(row)))).toMatchObject({ code: "CELL_OUTSIDE_GRID", message: expect.stringContaining("Row 1048577 is outside Excel's grid") });
    const cell = `<row r="1">${text(1, "A", "DeviceKey")}</row><row>${text(1048577, "A", "DEV-1")}</row>`;
    expect(refusal(makeZip(workbookParts(cell)))).toMatchObject({ code: "CELL_OUTSIDE_GRID", message: expect.stringContaining("Cell A1048577 is outside Excel's grid") });
  });

  it("reads column XFD and row 1,048,576, the grid's last", () => {
    const body = `<row r="1">${text(1, "A", "DeviceKey")}</row><row r="1048576">${text(1048576, "XFD", "last")}</row>`;
    const last = sheet(makeZip(workbookParts(body))).rows[0]!;
    expect(last.line).toBe(1048576);
    expect(last.cells).toHaveLength(16384);
    expect(last.cells[16383]).toBe("last");
  });
});

describe("rows and cells the reader cannot place", () => {
  const header = `<row r="1">${text(1, "A", "DeviceKey")}${text(1, "B", "Device Name")}</row>`;

  it("keeps a row stored out of order or twice, with an error at its line", () => {
    const body = `${header}<row r="3">${text(3, "A", "DEV-3")}</row><row r="2">${text(2, "A", "DEV-2")}</row><row r="3">${text(3, "A", "DEV-3b")}</row>`;
    const { rows } = sheet(makeZip(workbookParts(body)));
    expect(rows.map((r) => [r.line, r.cells[0], r.issues?.map((i) => i.code)])).toEqual([
      [3, "DEV-3", undefined],
      [2, "DEV-2", ["OUT_OF_ORDER"]],
      [3, "DEV-3b", ["OUT_OF_ORDER"]],
    ]);
    expect(rows[1]!.issues![0]!.message).toContain("Row 2 is stored after row 3");
    expect(rows[2]!.issues![0]!.message).toContain("Row 3 appears twice");
  });

  it("flags cells stored out of order or in another row's place, and keeps the first value", () => {
    const body = `${header}<row r="2">${text(2, "B", "Pump")}${text(2, "A", "DEV-2")}</row><row r="3">${text(4, "A", "DEV-4")}</row>`;
    const { rows } = sheet(makeZip(workbookParts(body)));
    expect(rows[0]).toMatchObject({ line: 2, cells: ["DEV-2", "Pump"], issues: [{ code: "OUT_OF_ORDER", message: expect.stringContaining("Cell A2 is stored after cell B2") }] });
    expect(rows[1]).toMatchObject({ line: 3, cells: ["DEV-4"], issues: [{ code: "OUT_OF_ORDER", message: expect.stringContaining("Cell A4 is stored in row 3") }] });
  });

  it("places rows and cells without a reference after the one before, as Excel does", () => {
    const body = `${header}<row><c t="inlineStr"><is><t>DEV-2</t></is></c><c t="inlineStr"><is><t>Pump</t></is></c></row><row r="5"><c r="B5" t="inlineStr"><is><t>Fan</t></is></c></row><row><c><v>7</v></c></row>`;
    expect(sheet(makeZip(workbookParts(body))).rows).toEqual([
      { line: 2, cells: ["DEV-2", "Pump"] },
      { line: 5, cells: ["", "Fan"] },
      { line: 6, cells: ["7"] },
    ]);
  });
});

describe("macro-enabled content", () => {
  const header = `<row r="1">${text(1, "A", "DeviceKey")}</row><row r="2">${text(2, "A", "DEV-1")}</row>`;

  it("refuses a VBA project under another name, by its content type", () => {
    const parts = workbookParts(header, {
      contentTypes: contentTypesWith('<Override PartName="/xl/harmless.dat" ContentType="application/vnd.ms-office.vbaProject"/>'),
      extra: [{ name: "xl/harmless.dat", data: "binary" }],
    });
    expect(refusal(makeZip(parts))).toMatchObject({ code: "MACRO_WORKBOOK", message: expect.stringContaining("application/vnd.ms-office.vbaProject") });
  });

  it.each([
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.ms-excel.addin.macroEnabled.main+xml",
  ])("refuses a workbook whose main part is %s (.xlsm, .xltm, .xlam)", (type) => {
    const types = contentTypesWith("").replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", type);
    expect(refusal(makeZip(workbookParts(header, { contentTypes: types })))).toMatchObject({ code: "MACRO_WORKBOOK", message: expect.stringContaining(type) });
  });

  it("refuses a macro sheet under another name, by a default content type for its extension", () => {
    const parts = workbookParts(header, {
      contentTypes: contentTypesWith('<Default Extension="qq" ContentType="application/vnd.ms-excel.macrosheet+xml"/>'),
      extra: [{ name: "xl/worksheets/sheet2.qq", data: "<xm:macrosheet/>" }],
    });
    expect(refusal(makeZip(parts))).toMatchObject({ code: "MACRO_WORKBOOK" });
  });

  it("does not mind a macro content type declared for an extension no part has (SheetJS writes one for .bin)", () => {
    const parts = workbookParts(header, { contentTypes: contentTypesWith('<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>') });
    expect(sheet(makeZip(parts)).rows).toHaveLength(1);
  });
});

describe("damaged XML", () => {
  it("refuses a DTD (no entity expansion) and an element closed by another name", () => {
    const dtd = `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaa">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>`;
    const parts = workbookParts("").map((p) => (p.name === "xl/worksheets/sheet1.xml" ? { ...p, data: dtd } : p));
    expect(refusal(makeZip(parts))).toMatchObject({ code: "CORRUPT_FILE", message: expect.stringContaining("DTD") });
    expect(refusal(makeZip(workbookParts(`<row r="1">${text(1, "A", "x")}</rows>`)))).toMatchObject({ code: "CORRUPT_FILE" });
  });

  it("decodes entities, CDATA and OOXML escapes, even when a chunk boundary cuts them", () => {
    const filler = `<row r="1">${text(1, "A", "x".repeat(9000))}</row>`;
    const body = `${filler}<row r="2">${text(2, "A", "a&amp;b &lt;&#x41;&#66;&quot;")}<c r="B2" t="inlineStr"><is><t><![CDATA[<raw & text>]]></t></is></c>${text(2, "C", "line_x000D_break")}</row>`;
    expect(sheet(makeZip(workbookParts(body))).rows[0]!.cells).toEqual(['a&b <AB"', "<raw & text>", "line\rbreak"]);
  });
});

describe("the XML tokenizer", () => {
  const events = (chunks: string[]) => {
    const seen: string[] = [];
    const handler = {
      collecting: false,
      open: (name: string, attributes: string) => {
        seen.push(`<${name} ${readAttributes(attributes, ["r", "t"]).join(",")}>`);
        handler.collecting = name === "t";
      },
      close: (name: string) => {
        seen.push(`</${name}>`);
        handler.collecting = false;
      },
      text: (piece: string) => {
        if (typeof seen.at(-1) === "string" && seen.at(-1)!.startsWith("text:")) seen[seen.length - 1] += piece;
        else seen.push(`text:${piece}`);
      },
    };
    const xml = new XmlStream(handler);
    for (const chunk of chunks) xml.write(chunk);
    xml.end();
    return seen;
  };

  it("gives the same events whatever the chunks, one character at a time included", () => {
    const doc = `<?xml version="1.0"?><!-- a > comment --><x:c r="A1" t='s' q="a>b"><t>a&amp;b&#x1F600;<![CDATA[ ]]> ]]&gt;</t><v>skipped &amp;</v><t/></x:c>`;
    const whole = events([doc]);
    expect(whole).toEqual(["<c A1,s>", "<t ,>", "text:a&b😀  ]]>", "</t>", "<v ,>", "</v>", "<t ,>", "</t>", "</c>"]);
    expect(events([...doc])).toEqual(whole);
  });

  it("closes an element by its own name only, prefix, spaces and all", () => {
    expect(events(["<x:c><v>1</v ></x:c>", "<c>\n</ c>"])).toEqual(["<c ,>", "<v ,>", "</v>", "</c>", "<c ,>", "</c>"]);
    for (const doc of ["<c><v>1</c></v>", "<cc></c>", "<c></cc>", "<x:c></x:cc>", "<c></x:>", "<c></>", "</c>", "<c\u00a0></c >", "<c\u00a0></c\u00a0>"]) {
      expect(() => events([doc]), doc).toThrow(StopReading);
    }
  });
});

describe("through validation", () => {
  const c8yRow = (r: number, id: string) => `<row r="${r}">${text(r, "A", id)}${text(r, "B", "abcd1234")}${text(r, "C", "type_of_device")}${text(r, "D", `Device ${id}`)}</row>`;
  const c8yHeader = `<row r="1">${["ID", "CREDENTIALS", "TYPE", "NAME"].map((h, i) => text(1, "ABCD"[i]!, h)).join("")}</row>`;

  it("makes a row stored out of order invalid, with its error at its line", async () => {
    const bytes = makeZip(workbookParts(c8yHeader + c8yRow(2, "id_1") + c8yRow(4, "id_4") + c8yRow(3, "id_3")));
    const result = await validateFile(bytes, testContext(), memoryLookup());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rows.map((r) => [r.line, r.change !== null, r.errors.map((e) => e.code)])).toEqual([
      [2, true, []],
      [4, true, []],
      [3, false, ["OUT_OF_ORDER"]],
    ]);
  });

  it("says TOO_MANY_ROWS whether the reader or the validator stops first", async () => {
    const limits = { ...defaultLimits, maxRows: 3 };
    const file = (n: number) => makeZip(workbookParts(c8yHeader + Array.from({ length: n }, (_, i) => c8yRow(i + 2, `id_${i}`)).join("")));
    for (const n of [4, 50]) {
      const result = await validateFile(file(n), testContext({ limits }), memoryLookup());
      expect(result).toMatchObject({ ok: false, error: { code: "TOO_MANY_ROWS", message: expect.stringContaining("more than 3 device rows") } });
    }
  });
});

describe("cells read the same wherever they fall", () => {
  it("keeps every kind of cell as written across thousands of rows, chunk boundaries and repeated values included", () => {
    const shared = ['<si><t>Sungrow Power</t></si>', '<si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space="preserve">text &amp; more</t></r><rPh><t>ignored</t></rPh></si>', `<si><t>${"é".repeat(20)}</t></si>`];
    const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${shared.join("")}</sst>`;
    const expected: string[][] = [];
    let body = "";
    for (let r = 1; r <= 3000; r++) {
      const cells = [
        [`<c r="A${r}" t="str"><v>Inverter ${r} on the roof</v></c>`, `Inverter ${r} on the roof`],
        [`<c r="B${r}" t="s"><v>${r % 3}</v></c>`, ["Sungrow Power", "Rich text & more", "é".repeat(20)][r % 3]!],
        [`<c r="C${r}"><v>1e5</v></c>`, "100000"],
        [`<c r="D${r}"><v>-0</v></c>`, "0"],
        [`<c r="E${r}" t="inlineStr"><is><t> 5</t></is></c>`, " 5"],
        [`<c r="F${r}" t="inlineStr"><is><t>0x10</t></is></c>`, "0x10"],
        [`<c r="G${r}" t="str"><v>Europe/Berlin</v></c>`, "Europe/Berlin"],
        [`<c r="H${r}" t="b"><v>1</v></c>`, "true"],
        [`<c r="I${r}" t="str"><v>逆变器 ${r % 7} 🙂</v></c>`, `逆变器 ${r % 7} 🙂`],
        [`<c r="J${r}" t="str"><v>${"x".repeat(40 + (r % 3))}</v></c>`, "x".repeat(40 + (r % 3))],
      ] as const;
      body += `<row r="${r}">${cells.map((c) => c[0]).join("")}</row>`;
      expected.push(cells.map((c) => c[1]));
    }
    const read = sheet(makeZip(workbookParts(body, { sharedStrings: sst })), { ...defaultLimits, maxRows: 5000 });
    expect([read.header.cells, ...read.rows.map((r) => r.cells)]).toEqual(expected);
  });
});

describe("inflating a part by prefixes", () => {
  it("starts at 64 KB, grows at most 4× a step, ends whole, and re-inflates at most a third more", () => {
    for (const length of [0, 1, 65_536, 65_537, 200_000, 262_145, 1_000_000, 9_300_000, 50_000_000]) {
      const sizes = prefixSizes(length);
      expect(sizes.at(-1)).toBe(length);
      expect(sizes[0]).toBe(Math.min(length, 65_536));
      for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThanOrEqual(sizes[i - 1]! * 4);
      const before = sizes.slice(0, -1).reduce((a, b) => a + b, 0);
      expect(before).toBeLessThanOrEqual(length / 3 + 65_536);
    }
  });
});
