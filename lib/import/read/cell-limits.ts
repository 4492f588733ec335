import { issue, type RowIssue } from "../issue";

/** Excel's own limit on a cell: nothing longer can come from a spreadsheet the user saw. */
export const MAX_CELL_CHARS = 32_767;

export const cellTooLong = (column: string, length: number): RowIssue =>
  issue(column, "CELL_TOO_LONG", `${column} holds ${length.toLocaleString("en-US")} characters; a cell holds at most ${MAX_CELL_CHARS.toLocaleString("en-US")} (Excel's limit). The value was not kept.`);

/** C0 controls and DEL, but tab and line breaks, which cells may hold. NUL breaks PostgreSQL text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Control characters as their visible pictures (NUL → ␀), so a bad row can be stored and shown. */
export const showControls = (value: string) =>
  CONTROL.test(value) ? value.replace(CONTROLS, (c) => String.fromCharCode(c === "\u007F" ? 0x2421 : 0x2400 + c.charCodeAt(0))) : value;

export function controlCharacterIssue(column: string, value: string): RowIssue | null {
  const match = CONTROL.exec(value);
  if (!match) return null;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  const name = code === "0000" ? "a NUL byte (U+0000)" : `a control character (U+${code})`;
  return issue(column, "CONTROL_CHARACTER", `${column} contains ${name}, which cannot be stored. Remove it (it is often left by a broken export) and upload again.`);
}
