import Papa from "papaparse";
import { issue, type RowIssue } from "../issue";
import { refuse, type FileRefusal } from "../refusal";
import { decodeText, encodingNames, type TextEncoding } from "./encoding";
import { MAX_CELL_CHARS, cellTooLong } from "./cell-limits";
import type { Sheet, SheetRow } from "./sheet";
import { isBlank } from "./sheet";
import { TextPool } from "./text-pool";

const SEPARATORS = ["\t", ";", ","] as const;
type Separator = (typeof SEPARATORS)[number];

/** A file with more broken quotes than this is not CSV as written: refused rather than re-read line by line. */
const MAX_QUOTE_ERRORS = 100;

/** The separator is the one the header line uses most, outside quotes; ties prefer tab, then semicolon. */
export function detectSeparator(text: string): Separator {
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
  let best: Separator = ",";
  let bestCount = 0;
  for (const s of SEPARATORS) if (counts[s] > bestCount) [best, bestCount] = [s, counts[s]];
  return best;
}

/**
 * Line ends outside quotes as LF. PapaParse splits on one line ending per file (the first it
 * sees), so a file whose lines end in CRLF, LF and CR by turns (edited in several tools) would run
 * its rows together. Line breaks inside quoted cells are kept as written.
 */
function unifyLineEnds(text: string): string {
  if (!text.includes("\r")) return text;
  let out = "";
  let from = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 13 && !quoted) {
      out += text.slice(from, i) + "\n";
      from = text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      if (from === i + 2) i++;
    }
  }
  return out + text.slice(from);
}

/** Counts line breaks (CRLF, LF or a lone CR, as an editor shows them) in text[from, to). */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/** The offset just past the line break that ends the line holding `at` (or the end of the text). */
function nextLineStart(text: string, at: number): number {
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}

function quoteIssue(code: string, line: number, quoteLine: number): RowIssue {
  const where = quoteLine === line ? "on this line" : `on line ${quoteLine}`;
  return code === "MissingQuotes"
    ? issue(null, "UNCLOSED_QUOTE", `A quote (") opened ${where} is never closed, so every later line would be read into one cell. Close the quote or remove it in the file and upload it again; the lines after it are read as usual.`)
    : issue(null, "UNCLOSED_QUOTE", `A quoted value ${where} has text after its closing quote. Put the whole value in quotes (doubling any quote inside it) or remove the quotes.`);
}

type Parsed = { rows: SheetRow[]; truncated: boolean } | FileRefusal;

/**
 * CSV with PapaParse (RFC 4180 and the usual tolerances), keeping each row's line as an editor
 * shows it. A row with a broken quote becomes an error at its line, and reading resumes on the
 * next line, so one stray quote never swallows the rows after it. Stops after `maxRows` rows.
 */
export function parseDelimited(text: string, separator: string, maxRows: number): Parsed {
  const rows: SheetRow[] = [];
  const pool = new TextPool();
  let truncated = false;
  let quoteErrors = 0;
  let from = 0;
  let lineAtFrom = 1;
  while (from < text.length && !truncated) {
    const rest = from === 0 ? text : text.slice(from);
    let rowStart = 0;
    let line = lineAtFrom;
    let resumeAt = -1;
    Papa.parse<string[]>(rest, {
      delimiter: separator,
      newline: "\n",
      quoteChar: '"',
      escapeChar: '"',
      skipEmptyLines: false,
      step: (result, parser) => {
        const cursor = result.meta.cursor;
        const error = result.errors[0];
        if (error) {
          const quoteAt = Math.max(rowStart, (error.index ?? rowStart + 1) - 1);
          const quoteLine = line + lineBreaks(rest, rowStart, quoteAt);
          resumeAt = nextLineStart(rest, quoteAt);
          const shown = rest.slice(rowStart, resumeAt).replace(/\r?\n$|\r$/, "");
          rows.push({ line, cells: shown.split(separator), issues: [quoteIssue(error.code, line, quoteLine)] });
          lineAtFrom = quoteLine + 1;
          parser.abort();
          return;
        }
        if (!isBlank(result.data)) {
          const cells = result.data;
          for (let i = 0; i < cells.length; i++) cells[i] = pool.keep(i, cells[i]!);
          rows.push({ line, cells });
        }
        line += lineBreaks(rest, rowStart, cursor);
        rowStart = cursor;
        if (rows.length >= maxRows) {
          truncated = true;
          parser.abort();
        }
      },
    });
    if (resumeAt < 0) break;
    if (++quoteErrors > MAX_QUOTE_ERRORS) {
      return refuse("CORRUPT_FILE", `More than ${MAX_QUOTE_ERRORS} lines have quotes (") that are never closed or are followed by text. Check that the file is a CSV as your spreadsheet saves it, and upload it again.`);
    }
    from += resumeAt;
  }
  return { rows, truncated };
}

/** Values past the header's last named column count only when they hold something. */
function checkValueCount(row: SheetRow, width: number): RowIssue | null {
  const n = row.cells.length;
  if (n < width) {
    return issue(null, "COLUMN_COUNT", `This line has ${n} value${n === 1 ? "" : "s"} but the header has ${width} columns: a separator is missing or the line was cut short. Every line needs a value (or an empty cell) for each column.`);
  }
  const extra = row.cells.slice(width).find((c) => c.trim() !== "");
  if (extra !== undefined) {
    const shown = extra.length > 40 ? `${extra.slice(0, 37)}…` : extra;
    return issue(null, "COLUMN_COUNT", `This line has ${n} values but the header has ${width} columns, so "${shown}" would be lost. Put quotes around values that contain the separator.`);
  }
  return null;
}

/** Whole-row and per-cell problems of text rows: wrong number of values, cells past Excel's length. */
function checkRow(row: SheetRow, header: string[], width: number): SheetRow {
  const issues = [...(row.issues ?? [])];
  if (issues.length === 0) {
    const count = checkValueCount(row, width);
    if (count) issues.push(count);
  }
  let cells = row.cells;
  cells.forEach((value, i) => {
    if (value.length <= MAX_CELL_CHARS) return;
    const column = header[i]?.trim() || `Column ${i + 1}`;
    issues.push(cellTooLong(column, value.length));
    if (cells === row.cells) cells = [...row.cells];
    cells[i] = `${value.slice(0, 100)}…`;
  });
  return issues.length === 0 ? row : { ...row, cells, issues };
}

export function readCsv(bytes: Uint8Array, maxRows: number, encoding?: TextEncoding): Sheet | FileRefusal {
  const decoded = decodeText(bytes, encoding);
  const text = unifyLineEnds(decoded.text);
  const separator = detectSeparator(text);
  const parsed = parseDelimited(text, separator, maxRows);
  if ("code" in parsed) return parsed;
  const [header, ...data] = parsed.rows;
  if (!header) return refuse("EMPTY_FILE", "The file has no header row and no data.");
  if (header.issues?.length) return refuse("BAD_HEADER", `The header row (line ${header.line}) cannot be read: ${header.issues[0]!.message}`);
  let width = header.cells.length;
  while (width > 0 && header.cells[width - 1]!.trim() === "") width--;
  const warnings: Sheet["warnings"] = decoded.sure
    ? []
    : [
        {
          code: "ENCODING_UNSURE",
          message: `The file's text encoding was guessed as ${encodingNames[decoded.encoding]}${decoded.confidence ? ` (${decoded.confidence}% sure)` : ""}. If names look wrong in the preview, pick the file's encoding on the upload page and upload it again.`,
        },
      ];
  // Empty columns after the last named one (a trailing separator, cells once used) are not columns.
  const named = { ...header, cells: header.cells.slice(0, width) };
  return { format: "csv", header: named, rows: data.map((row) => checkRow(row, named.cells, width)), separator, encoding: decoded.encoding, warnings };
}
