import { makeZip } from "./zip";

/** Hostile .xlsx files, byte by byte: each small enough to pass the byte and zip caps, each crafted to cost a naive reader dearly. */

const contentTypes = (overrides = "") =>
  `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${overrides}</Types>`;

/** The parts of a one-sheet workbook around a sheet body; `extra` parts and content types are added as given. */
export function workbookParts(sheetData: string, options: { sharedStrings?: string; contentTypes?: string; extra?: { name: string; data: Uint8Array | string }[] } = {}) {
  const rels = [
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>',
    options.sharedStrings === undefined ? "" : '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>',
  ].join("");
  return [
    { name: "[Content_Types].xml", data: options.contentTypes ?? contentTypes() },
    { name: "_rels/.rels", data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
    { name: "xl/workbook.xml", data: '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Devices" sheetId="1" r:id="rId1"/></sheets></workbook>' },
    { name: "xl/_rels/workbook.xml.rels", data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>` },
    { name: "xl/worksheets/sheet1.xml", data: `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>` },
    ...(options.sharedStrings === undefined ? [] : [{ name: "xl/sharedStrings.xml", data: options.sharedStrings }]),
    ...(options.extra ?? []),
  ];
}

export const contentTypesWith = contentTypes;

/** A repeatable pseudo-random sequence: enough entropy that the zip's ratio check does not catch the file, little enough that it stays small. */
function random(seed = 12345) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x >> 8;
  };
}

/** 2.3 million real one-cell rows (60 MB of XML) in an .xlsx of under 1 MB. Rows and cells carry no r, as the format allows. */
export function rowsBomb(rows = 2_300_000): Uint8Array {
  const next = random();
  const parts: string[] = [];
  for (let i = 0; i < rows; i++) parts.push(`<row><c><v>${next() % 4}</v></c></row>`);
  return makeZip(workbookParts(parts.join("")));
}

/**
 * A header, then 1.1 million blank (styled, empty) rows without r, past the grid's last row. Blank rows
 * do not count toward the row cap, so without a cap on row elements a reader scans them all.
 */
export function blankRowsFlood(rows = 1_100_000): Uint8Array {
  const next = random();
  const parts: string[] = ['<row r="1"><c r="A1" t="inlineStr"><is><t>DeviceKey</t></is></c></row>'];
  for (let i = 0; i < rows; i++) parts.push(`<row><c s="${next() % 8}"/></row>`);
  return makeZip(workbookParts(parts.join("")));
}

/** 2.4 million shared strings (41 MB of XML, without a count attribute to give them away) in an .xlsx of under 1 MB. */
export function sharedStringsBomb(strings = 2_400_000): Uint8Array {
  const next = random();
  const parts: string[] = [];
  for (let i = 0; i < strings; i++) parts.push(`<si><t>${"abcdefgh"[next() % 8]}</t></si>`);
  const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${parts.join("")}</sst>`;
  return makeZip(workbookParts('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', { sharedStrings: sst }));
}

/** Text of `chars` characters that compresses about 80×: past the zip's ratio check, under its byte cap. */
export function longText(chars: number): string {
  const next = random();
  const blocks = Array.from({ length: 16 }, (_, k) => Array.from({ length: 200 }, (_, j) => String.fromCharCode(97 + ((j * (k + 3) + k) % 26))).join(""));
  const parts: string[] = [];
  for (let n = 0; n < chars; n += 200) parts.push(blocks[next() % 16]!);
  return parts.join("").slice(0, chars);
}

/** A header row and one device row whose B2 holds `chars` characters, as an inline string or a shared string. */
export function longCell(chars: number, as: "inline" | "shared" = "inline"): Uint8Array {
  const text = longText(chars);
  const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>DeviceKey</t></is></c><c r="B1" t="inlineStr"><is><t>Device Name</t></is></c></row>';
  if (as === "shared") {
    const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>${text}</t></si></sst>`;
    return makeZip(workbookParts(`${header}<row r="2"><c r="A2" t="inlineStr"><is><t>DEV-1</t></is></c><c r="B2" t="s"><v>0</v></c></row>`, { sharedStrings: sst }));
  }
  return makeZip(workbookParts(`${header}<row r="2"><c r="A2" t="inlineStr"><is><t>DEV-1</t></is></c><c r="B2" t="inlineStr"><is><t>${text}</t></is></c></row>`));
}
