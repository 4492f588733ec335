import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { csv, inverterAttributes, memoryLookup, testContext } from "../__fixtures__/context";
import { templateColumns } from "../template-columns";
import { defaultLimits } from "../limits";
import { validateFile } from "../validate-file";
import { readSheet } from "./index";

const line = (key: string, manufacturer: string) => `${key},Roof inverter,+08:00,5.5,2,${manufacturer},2.1.0,three,97.5,true,2026-01-15`;

/** Files as other tools write them: iconv-lite encodes, our reader must decode with its own means. */
const encoded = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));

const read = (bytes: Uint8Array, encoding?: Parameters<typeof readSheet>[2]) => {
  const result = readSheet(bytes, defaultLimits, encoding);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

// A template saved as "CSV (Comma delimited)" by a Chinese-locale Excel: GBK, no BOM, CRLF.
const chineseTemplate = [
  templateColumns(inverterAttributes).map((c) => c.header).join(","),
  "INV-0001,屋顶逆变器,+08:00,5.5,2,阳光电源,2.1.0,three,97.5,true,2026-01-15",
  "INV-0002,北京朝阳区一号机,Asia/Shanghai,6,2,华为技术,2.1.0,single,97,false,2026-02-01",
  "INV-0003,上海浦东新区二号机,+08:00,5,1,固德威,2.0.9,three,96.8,true,2026-03-01",
].join("\r\n");

describe("text encodings, as other tools save them", () => {
  it("reads a Chinese-locale Excel CSV (GBK) as Chinese, says so, and the rows validate with the right names", async () => {
    const bytes = encoded(chineseTemplate, "gbk");
    const sheet = read(bytes);
    expect(sheet.encoding).toBe("gb18030");
    expect(sheet.rows.map((r) => r.cells[1])).toEqual(["屋顶逆变器", "北京朝阳区一号机", "上海浦东新区二号机"]);
    const result = await validateFile(bytes, testContext(), memoryLookup());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rows.map((r) => r.change?.name)).toEqual(["屋顶逆变器", "北京朝阳区一号机", "上海浦东新区二号机"]);
  });

  it.each([
    ["gb18030", "gb18030", "设备名称,时区\n屋顶逆变器一号,+08:00\n北京市朝阳区设备,+08:00\n上海市浦东新区设备,+08:00\n"],
    ["big5", "big5", "設備名稱,時區\n智慧電表 第一號,+08:00\n台灣電力公司 新北市板橋區,+08:00\n台北市信義區 智慧電表,+08:00\n"],
    ["shift_jis", "shift_jis", "デバイス名,タイムゾーン\n屋上インバーター,+09:00\n東京の装置,+09:00\n大阪の装置,+09:00\n"],
    ["euc-kr", "euc-kr", "장치 이름,시간대\n지붕 인버터 서울특별시 강남구,+09:00\n서울 장치 서울특별시 강남구,+09:00\n부산 장치 부산광역시 해운대구,+09:00\n"],
    ["windows-1252", "windows-1252", "Name,Ort\nWechselrichter Dach,Köln Süd\nZähler Keller,Zürich Straße\nCafé Außenlager,Düsseldorf\n"],
  ])("detects and decodes %s", (encoding, expected, text) => {
    const sheet = read(encoded(text, encoding));
    expect(sheet.encoding).toBe(expected);
    expect([sheet.header.cells, ...sheet.rows.map((r) => r.cells)]).toEqual(text.trim().split("\n").map((l) => l.split(",")));
  });

  it("reads UTF-8 with and without a BOM, and UTF-16 with and without one", () => {
    const text = "Name,Zone\n屋顶逆变器,+08:00\n";
    for (const bytes of [encoded(text, "utf8"), encoded(`\uFEFF${text}`, "utf8"), encoded(`\uFEFF${text}`, "utf16le"), encoded(text, "utf16le"), encoded(text, "utf16be")]) {
      expect(read(bytes).rows[0]!.cells).toEqual(["屋顶逆变器", "+08:00"]);
    }
    expect(read(encoded(text, "utf16le")).encoding).toBe("utf-16le");
    expect(read(encoded(text, "utf16be")).encoding).toBe("utf-16be");
  });

  it("warns when the encoding is a guess, and reads the encoding the user picks instead", () => {
    // Two Big5 words are too little for any detector to be sure.
    const bytes = encoded("Name,Site\n屋頂逆變器,臺北\n", "big5");
    const guessed = read(bytes);
    expect(guessed.warnings).toEqual([expect.objectContaining({ code: "ENCODING_UNSURE", message: expect.stringContaining("pick the file's encoding") })]);
    const picked = read(bytes, { encoding: "big5" });
    expect(picked).toMatchObject({ encoding: "big5", warnings: [], rows: [{ cells: ["屋頂逆變器", "臺北"] }] });
  });
});

describe("CSV lines that cannot be read as written", () => {
  it("an unclosed quote is an error at its line, and the next device is still read, its password in its own cell", async () => {
    const text = ["ID;CREDENTIALS;TYPE;NAME", 'dev-1;first-pass-1;INV5K;"Roof inverter', "dev-2;second-secret-2;INV5K;Cellar meter", "dev-3;third-pass-3;INV5K;Garage"].join("\n");
    const result = await validateFile(csv(text), testContext(), memoryLookup());
    if (!result.ok) throw new Error(result.error.message);
    const { rows } = result.value;
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rows[0]!.errors).toEqual([expect.objectContaining({ code: "UNCLOSED_QUOTE", message: expect.stringContaining("never closed") })]);
    expect(rows[0]!.change).toBeNull();
    expect(rows[1]!.change).toMatchObject({ deviceKey: "dev-2", name: "Cellar meter", credentials: "second-secret-2" });
    expect(rows[2]!.change).toMatchObject({ deviceKey: "dev-3", name: "Garage" });
    // The password of line 3 is nowhere but in its own cell.
    const leaked = rows.flatMap((r) => Object.entries(r.cells)).filter(([column, value]) => column !== "CREDENTIALS" && value.includes("second-secret-2"));
    expect(leaked).toEqual([]);
  });

  it("names the line where a quote opened when the row started earlier", () => {
    const sheet = read(csv('a,b\n"two\nlines",x\n1,"open\n2,y\n'));
    expect(sheet.rows).toEqual([
      { line: 2, cells: ["two\nlines", "x"] },
      { line: 4, cells: ["1", '"open'], issues: [expect.objectContaining({ code: "UNCLOSED_QUOTE" })] },
      { line: 5, cells: ["2", "y"] },
    ]);
  });

  it("a line with more or fewer values than the header is an error for that line; trailing empty cells are fine", () => {
    const sheet = read(csv("a,b,c\n1,2,3\n1,2\n1,2,3,4\n1,2,3,,\n1,2,3\n"));
    expect(sheet.rows.map((r) => [r.line, r.issues?.map((i) => i.message) ?? []])).toEqual([
      [2, []],
      [3, ["This line has 2 values but the header has 3 columns: a separator is missing or the line was cut short. Every line needs a value (or an empty cell) for each column."]],
      [4, ['This line has 4 values but the header has 3 columns, so "4" would be lost. Put quotes around values that contain the separator.']],
      [5, []],
      [6, []],
    ]);
  });

  it("refuses a file of broken quotes rather than re-reading it line by line for ever", () => {
    const text = `a,b\n${Array.from({ length: 500 }, (_, i) => `${i},"x`).join("\n")}`;
    const result = readSheet(csv(text), defaultLimits);
    expect(result).toMatchObject({ ok: false, error: { code: "CORRUPT_FILE" } });
  });

  it("a cell longer than Excel allows is an error naming its column, and is not kept", () => {
    const sheet = read(csv(`DeviceKey,Device Name\nINV-0001,${"x".repeat(50_000)}\n`));
    const row = sheet.rows[0]!;
    expect(row.issues).toEqual([expect.objectContaining({ column: "Device Name", code: "CELL_TOO_LONG", message: expect.stringContaining("50,000 characters") })]);
    expect(row.cells[1]!.length).toBeLessThan(200);
  });

  it("a NUL byte in a cell is an error on its line, not a refused file or a crash", async () => {
    const text = `${chineseTemplate.split("\r\n")[0]}\nINV-0001,Roof inverter,+08:00,5.5,2,Sung\u0000row,2.1.0,three,97.5,true,2026-01-15\nINV-0002,Cellar,+08:00,5.5,2,Sungrow,2.1.0,three,97.5,true,2026-01-15\n`;
    const result = await validateFile(csv(text), testContext(), memoryLookup());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rows[0]!.errors).toEqual([expect.objectContaining({ code: "CONTROL_CHARACTER", column: "Manufacturer", message: expect.stringContaining("NUL") })]);
    expect(result.value.summary).toMatchObject({ total: 2, valid: 1, invalid: 1 });
  });
});

describe("files a tester made with other tools", () => {
  it.each([
    ["gbk", "测试"],
    ["gbk", "北京朝阳"],
    ["shift_jis", "メーター"],
    ["euc-kr", "계량기"],
  ])("a one-row %s file with a short name is read right, or flagged as a guess; never as Windows-1252", (encoding, name) => {
    const sheet = read(encoded(`ID;CREDENTIALS;TYPE;NAME\r\nm-1;pass-0001;MTR3P;${name}\r\n`, encoding));
    expect(sheet.encoding).not.toBe("windows-1252");
    if (sheet.rows[0]!.cells[3] !== name) expect(sheet.warnings).toEqual([expect.objectContaining({ code: "ENCODING_UNSURE" })]);
    // A Chinese-locale Excel's GBK, the case this is for, is read right.
    if (encoding === "gbk") expect(sheet.rows[0]!.cells[3]).toBe(name);
  });

  it("Windows-1252 is read with its own table: € ’ – “ ” ™ Œ, not C1 controls", () => {
    const text = "Name,Manufacturer\nW-1,Müller’s – €uro\nW-2,“Œuvre” Ltd™\n";
    for (const sheet of [read(encoded(text, "windows-1252")), read(encoded(text, "windows-1252"), { encoding: "windows-1252" })]) {
      expect(sheet.rows.map((r) => r.cells[1])).toEqual(["Müller’s – €uro", "“Œuvre” Ltd™"]);
    }
  });

  it("a UTF-8 file with one stray byte is read as UTF-8, and only that line is an error", async () => {
    // "Groß" with ß as the single Latin-1 byte 0xDF: one cell typed in another program.
    const bytes = encoded(`${chineseTemplate.split("\r\n")[0]}\n${line("U8-1", "Müller GmbH")}\n${line("U8-2", "Bäcker AG")}\n${line("U8-3", "Gro\u0001")}\n`, "utf8").map((b) => (b === 0x01 ? 0xdf : b));
    const result = await validateFile(bytes, testContext(), memoryLookup());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rows.map((r) => [r.line, r.cells["Manufacturer"], r.errors.map((e) => e.code)])).toEqual([
      [2, "Müller GmbH", []],
      [3, "Bäcker AG", []],
      [4, "Gro\uFFFD", ["CONTROL_CHARACTER"]],
    ]);
  });

  it("bytes the picked encoding cannot decode are an error on their line, said once", async () => {
    const bytes = encoded(`${chineseTemplate.split("\r\n")[0]}\n${line("GBK-U1", "阳光电源")}\n`, "gbk");
    const result = await validateFile(bytes, testContext(), memoryLookup(), { encoding: "utf-8" });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rows[0]!.errors).toEqual([expect.objectContaining({ column: "Manufacturer", code: "CONTROL_CHARACTER", message: expect.stringContaining("not valid in the file's text encoding") })]);
  });

  it("lines ending in CRLF, LF and CR by turns are still one row each", () => {
    const sheet = read(csv("a,b\r\n1,\"x\r\ny\"\n2,z\r3,w\r\n"));
    expect(sheet.rows).toEqual([
      { line: 2, cells: ["1", "x\r\ny"] },
      { line: 4, cells: ["2", "z"] },
      { line: 5, cells: ["3", "w"] },
    ]);
  });

  it("empty columns after the header's last name are not columns", async () => {
    const text = `${chineseTemplate.split("\r\n")[0]},,,\n${line("TR-1", "Sungrow")},,,\n`;
    const result = await validateFile(csv(text), testContext(), memoryLookup());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rows[0]!.errors).toEqual([]);
  });

  it("a 40,000-character cell says so once, not also what its stand-in breaks", async () => {
    const result = await validateFile(csv(`${chineseTemplate.split("\r\n")[0]}\n${line("LONG-1", "x".repeat(40_000))}\n`), testContext(), memoryLookup());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.rows[0]!.errors.map((e) => e.code)).toEqual(["CELL_TOO_LONG"]);
  });
});

