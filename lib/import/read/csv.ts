import { refuse, type FileRefusal } from "../refusal";
import type { Sheet, SheetRow } from "./sheet";
import { isBlank } from "./sheet";

type Encoding = NonNullable<Sheet["encoding"]>;

/** UTF-8 (BOM or not), UTF-16 by its BOM (Excel's "Unicode text"), else Windows-1252 (Latin-1). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder("utf-8").decode(bytes.subarray(3)), encoding: "utf-8" };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "windows-1252" };
  }
}

const SEPARATORS = ["\t", ";", ","] as const;

/** The separator is the one the header line uses most, outside quotes; ties prefer tab, then semicolon. */
export function detectSeparator(text: string): (typeof SEPARATORS)[number] {
  const counts = { "\t": 0, ";": 0, ",": 0 };
  let quoted = false;
  let seenContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) {
      if (seenContent) break;
    } else if (!quoted && c in counts) counts[c as keyof typeof counts]++;
    if (c.trim() !== "") seenContent = true;
  }
  let best: (typeof SEPARATORS)[number] = ",";
  let bestCount = 0;
  for (const s of SEPARATORS) if (counts[s] > bestCount) [best, bestCount] = [s, counts[s]];
  return best;
}

/**
 * RFC 4180 with the usual tolerances: CRLF, LF or CR line ends, quoted separators, quoted line
 * breaks and doubled quotes. Stops once `maxRows` non-blank rows are read (the caller refuses).
 */
export function parseDelimited(text: string, separator: string, maxRows: number): { rows: SheetRow[]; truncated: boolean } {
  const rows: SheetRow[] = [];
  const sep = separator.charCodeAt(0);
  let cells: string[] = [];
  let field = "";
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const n = text.length;
  const endRow = () => {
    cells.push(field);
    field = "";
    if (!isBlank(cells)) rows.push({ line: rowLine, cells });
    cells = [];
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ && field === "") {
      // Quoted field: runs to the closing quote, across separators and line breaks.
      i++;
      let start = i;
      let value = "";
      for (;;) {
        const q = text.indexOf('"', i);
        const chunkEnd = q < 0 ? n : q;
        for (let k = i; k < chunkEnd; k++) {
          const ch = text.charCodeAt(k);
          if (ch === 10 || (ch === 13 && text.charCodeAt(k + 1) !== 10)) line++;
        }
        if (q < 0) {
          value += text.slice(start, n);
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 34) {
          value += text.slice(start, q + 1);
          i = q + 2;
          start = i;
          continue;
        }
        value += text.slice(start, q);
        i = q + 1;
        break;
      }
      field = value;
      // Anything between the closing quote and the separator is kept, as spreadsheets do.
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === sep || d === 10 || d === 13) break;
        field += text[i];
        i++;
      }
      continue;
    }
    if (c === sep) {
      cells.push(field);
      field = "";
      i++;
    } else if (c === 10 || c === 13) {
      endRow();
      if (rows.length >= maxRows) return { rows, truncated: true };
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === sep || d === 10 || d === 13) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  if (field !== "" || cells.length > 0) endRow();
  return { rows, truncated: false };
}

export function readCsv(bytes: Uint8Array, maxRows: number): Sheet | FileRefusal {
  const { text, encoding } = decodeText(bytes);
  const separator = detectSeparator(text);
  const { rows } = parseDelimited(text, separator, maxRows);
  const [header, ...data] = rows;
  if (!header) return refuse("EMPTY_FILE", "The file has no header row and no data.");
  return { format: "csv", header, rows: data, separator, encoding };
}
