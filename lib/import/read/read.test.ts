import { describe, expect, it } from "vitest";
import { csv, inverterAttributes, memoryLookup, testContext, xlsxOf } from "../__fixtures__/context";
import { makeZip } from "../__fixtures__/zip";
import { defaultLimits } from "../limits";
import { templateColumns } from "../template-columns";
import { validateFile } from "../validate-file";
import { readSheet } from "./index";

const read = (bytes: Uint8Array, limits = defaultLimits) => readSheet(bytes, limits);
const refusal = (bytes: Uint8Array, limits = defaultLimits) => {
  const result = read(bytes, limits);
  if (result.ok) throw new Error("expected a refusal");
  return result.error;
};
const rows = (bytes: Uint8Array) => {
  const result = read(bytes);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

const workbookParts = (sheetXml: string) => [
  { name: "[Content_Types].xml", data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>' },
  { name: "_rels/.rels", data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
  { name: "xl/workbook.xml", data: '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Devices" sheetId="1" r:id="rId1"/></sheets></workbook>' },
  { name: "xl/_rels/workbook.xml.rels", data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
  { name: "xl/worksheets/sheet1.xml", data: sheetXml },
];
const sheetXml = (dimension: string, body: string) =>
  `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="${dimension}"/><sheetData>${body}</sheetData></worksheet>`;
const inlineRow = (r: number, values: string[]) =>
  `<row r="${r}">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join("")}</row>`;

describe("format from the bytes, not the name", () => {
  it.each([
    ["%PDF-1.7\n...", "This is a PDF, not an .xlsx template or a CSV file."],
    ["\x89PNG\r\n\x1a\n....", "This is a PNG image, not an .xlsx template or a CSV file."],
    ["MZ\x90\x00", "This is a Windows program, not an .xlsx template or a CSV file."],
    ["<html><body>hi</body></html>", "This is an HTML page, not an .xlsx template or a CSV file."],
  ])("refuses %j by name", (content, message) => {
    expect(refusal(Uint8Array.from(content, (c) => c.charCodeAt(0))).message).toBe(message);
  });

  it("refuses an empty file and a binary file", () => {
    expect(refusal(new Uint8Array()).code).toBe("EMPTY_FILE");
    expect(refusal(new Uint8Array([1, 2, 0, 3, 4])).message).toContain("binary file");
  });

  it("tells a legacy .xls from an encrypted .xlsx (both OLE containers)", () => {
    const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    expect(refusal(new Uint8Array([...ole, ...new Array(100).fill(0)])).code).toBe("LEGACY_XLS");
    const encrypted = [...ole, ...new Array(64).fill(0), ...[..."EncryptedPackage"].flatMap((c) => [c.charCodeAt(0), 0])];
    expect(refusal(new Uint8Array(encrypted))).toMatchObject({ code: "ENCRYPTED_WORKBOOK", message: expect.stringContaining("password-protected") });
  });

  it("refuses macro workbooks, Word documents and plain zips", () => {
    const macro = makeZip([...workbookParts(sheetXml("A1", "")), { name: "xl/vbaProject.bin", data: "binary" }]);
    expect(refusal(macro)).toMatchObject({ code: "MACRO_WORKBOOK", message: expect.stringContaining("macros") });
    expect(refusal(makeZip([{ name: "word/document.xml", data: "<w/>" }])).message).toBe("This is a Word document (.docx), not an .xlsx template.");
    expect(refusal(makeZip([{ name: "photo.jpg", data: "x" }])).message).toBe("This is a zip archive, not an .xlsx workbook.");
  });
});

describe("limits before anything is expanded", () => {
  it("refuses a file over the byte limit with both sizes", () => {
    expect(refusal(new Uint8Array(3 * 1024 * 1024).fill(65))).toEqual({
      code: "FILE_TOO_LARGE",
      message: "The file is 3 MB; at most 2 MB are allowed per file. Split it into smaller files.",
    });
  });

  it("refuses a 10 KB zip that expands past the cap (a zip bomb)", () => {
    const zeros = new Uint8Array(80 * 1024 * 1024);
    const bomb = makeZip([...workbookParts(sheetXml("A1", "")), { name: "xl/sharedStrings.xml", data: zeros }]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(refusal(bomb)).toMatchObject({ code: "ZIP_BOMB", message: expect.stringContaining("expands to 80 MB") });
  });

  it("refuses a 10 KB zip whose overlapping entries expand past the cap", () => {
    const parts = workbookParts(sheetXml("A1", ""));
    const bomb = makeZip([...parts, { name: "xl/sharedStrings.xml", data: new Uint8Array(9 * 1024 * 1024) }], 20);
    expect(bomb.length).toBeLessThan(12 * 1024);
    expect(refusal(bomb)).toMatchObject({ code: "ZIP_BOMB", message: expect.stringContaining("expands to 189 MB") });
  });

  it("refuses a part that expands far beyond its compressed size", () => {
    const bomb = makeZip([...workbookParts(sheetXml("A1", "")), { name: "xl/styles.xml", data: new Uint8Array(20 * 1024 * 1024) }]);
    expect(refusal(bomb)).toMatchObject({ code: "ZIP_BOMB", message: expect.stringContaining("looks like a zip bomb") });
  });

  it("refuses a zip whose directory lies about a part's size", () => {
    const liar = makeZip([...workbookParts(sheetXml("A1", "")).slice(0, 4), { name: "xl/worksheets/sheet1.xml", data: "x".repeat(100_000), declaredSize: 100 }]);
    expect(refusal(liar)).toMatchObject({ code: "ZIP_BOMB", message: expect.stringContaining("beyond the size it declares") });
  });

  it("reads a sheet whose dimension claims A1:XFD1048576 by its real rows only", () => {
    const body = inlineRow(1, ["DeviceKey", "Device Name"]) + inlineRow(3, ["DEV-0001", "Pump"]);
    const sheet = rows(makeZip(workbookParts(sheetXml("A1:XFD1048576", body))));
    expect(sheet.header.cells).toEqual(["DeviceKey", "Device Name"]);
    expect(sheet.rows).toEqual([{ line: 3, cells: ["DEV-0001", "Pump"] }]);
  });
});

describe("CSV text", () => {
  it("detects tab, semicolon and comma from the header line", () => {
    expect(rows(csv("a\tb\n1\t2")).separator).toBe("\t");
    expect(rows(csv("ID;CREDENTIALS\nx;y")).separator).toBe(";");
    expect(rows(csv("Device Name,Tags\nx,\"a;b;c\"")).separator).toBe(",");
  });

  it("strips a UTF-8 BOM and handles CRLF, quoted separators, quotes and line breaks", () => {
    const sheet = rows(csv('\uFEFFName,Note\r\n"Smith, J","said ""hi"""\r\n"multi\r\nline",x\r\nlast,y'));
    expect(sheet.header.cells).toEqual(["Name", "Note"]);
    expect(sheet.rows).toEqual([
      { line: 2, cells: ["Smith, J", 'said "hi"'] },
      { line: 3, cells: ["multi\r\nline", "x"] },
      { line: 5, cells: ["last", "y"] },
    ]);
  });

  it("skips blank rows but keeps counting lines", () => {
    expect(rows(csv("a,b\n\n1,2\n,\n\n3,4\n")).rows.map((r) => r.line)).toEqual([3, 6]);
  });

  it("reads Latin-1 and UTF-16 text", () => {
    const latin1 = Uint8Array.from("Name\nM\xfcller K\xf6ln\n", (c) => c.charCodeAt(0));
    expect(rows(latin1)).toMatchObject({ encoding: "windows-1252", rows: [{ cells: ["Müller Köln"] }] });
    const utf16 = new Uint8Array([0xff, 0xfe, ...[..."a\tb\n设备\t2"].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect(rows(utf16)).toMatchObject({ encoding: "utf-16le", rows: [{ cells: ["设备", "2"] }] });
  });

  it("keeps values as typed: no numbers or dates are guessed", () => {
    expect(rows(csv("a,b,c,d\n00012345,1E5,1-2,TRUE")).rows[0]!.cells).toEqual(["00012345", "1E5", "1-2", "TRUE"]);
  });
});

describe(".xlsx cells", () => {
  it("turns date cells into ISO dates and keeps text cells raw", () => {
    const sheet = rows(xlsxOf([["d", "t", "n", "b"], [new Date(Date.UTC(2026, 0, 15)), "00012345", 12.5, true]]));
    expect(sheet.rows[0]!.cells).toEqual(["2026-01-15", "00012345", "12.5", "true"]);
  });

  it("keeps a long ID that Excel stored as a number visibly broken rather than silently rounded", () => {
    const cell = rows(xlsxOf([["ICCID"], [8988303000123456789]])).rows[0]!.cells[0]!;
    expect(cell).toMatch(/E\+18$/);
  });

  it("reads a formula's cached value and never the formula", () => {
    const body =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row><row r="2"><c r="A2"><f>WEBSERVICE("http://example.invalid")</f><v>42</v></c></row>';
    expect(rows(makeZip(workbookParts(sheetXml("A1:A2", body)))).rows[0]!.cells).toEqual(["42"]);
  });
});

describe("a sheet that holds one row twice", () => {
  it("is refused by name, not a database error at staging", async () => {
    const header = templateColumns(inverterAttributes).map((c) => c.header);
    const data = ["INV-0001", "Roof", "+08:00", "5", "2", "Sungrow", "1.0", "three", "97.5", "true", "2026-01-15"];
    const body = inlineRow(1, header) + inlineRow(3, data) + inlineRow(3, data.map((v, i) => (i === 0 ? "INV-0002" : v)));
    const result = await validateFile(makeZip(workbookParts(sheetXml("A1:K3", body))), testContext(), memoryLookup());
    expect(result).toMatchObject({ ok: false, error: { code: expect.any(String), message: expect.stringMatching(/Row 3/) } });
  });
});
