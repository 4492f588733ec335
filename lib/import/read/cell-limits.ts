import { issue, type RowIssue } from "../issue";

/** Excel's own limit on a cell: nothing longer can come from a spreadsheet the user saw. */
export const MAX_CELL_CHARS = 32_767;

export const cellTooLong = (column: string, length: number): RowIssue =>
  issue(column, "CELL_TOO_LONG", `${column} holds ${length.toLocaleString("en-US")} characters; a cell holds at most ${MAX_CELL_CHARS.toLocaleString("en-US")} (Excel's limit). The value was not kept.`);

/**
 * C0 controls and DEL (but tab and line breaks, which cells may hold), C1 controls (what a
 * Windows-1252 byte becomes when read as Latin-1), and U+FFFD (bytes the encoding could not decode).
 * NUL breaks PostgreSQL text; none of them is anything a person typed.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/;
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** C0 control characters as their visible pictures (NUL → ␀), so a bad row can be stored and shown. */
export const showControls = (value: string) => value.replace(CONTROLS, (c) => String.fromCharCode(c === "\u007F" ? 0x2421 : 0x2400 + c.charCodeAt(0)));

export const hasControlCharacter = (value: string) => CONTROL.test(value);

export function controlCharacterIssue(column: string, value: string): RowIssue | null {
  const match = CONTROL.exec(value);
  if (!match) return null;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  if (code === "FFFD") {
    return issue(column, "CONTROL_CHARACTER", `${column} holds bytes that are not valid in the file's text encoding (shown as �). Pick the file's encoding on the upload page, or save it again as CSV UTF-8, and upload it again.`);
  }
  const name = code === "0000" ? "a NUL byte (U+0000)" : `a control character (U+${code})`;
  return issue(column, "CONTROL_CHARACTER", `${column} contains ${name}, which cannot be stored. Remove it (it is often left by a broken export) and upload again.`);
}
