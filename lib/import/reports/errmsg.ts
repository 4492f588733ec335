import type { RowIssue } from "../issue";

export const ERRMSG_FILE_NAME = "errmsg.txt";

/** Seed 000's errmsg.txt: "Line n: message", one line per error, in line order. */
export function errmsgText(rows: { line: number; errors: RowIssue[] }[]): string {
  return [...rows]
    .sort((a, b) => a.line - b.line)
    .flatMap((row) => row.errors.map((e) => `Line ${row.line}: ${e.message.replace(/[\r\n]+/g, " ")}`))
    .join("\r\n")
    .concat("\r\n");
}
