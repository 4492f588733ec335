import type { RowIssue } from "../issue";

export const ERRMSG_FILE_NAME = "errmsg.txt";

const oneLine = (message: string) => message.replace(/[\r\n]+/g, " ");

/**
 * Seed 000's errmsg.txt: "Line n: message", one line per error, in line order. Warnings follow
 * their line's errors as "Line n: warning: message", so that nothing shown in the console is
 * missing from the file.
 */
export function errmsgText(rows: { line: number; errors: RowIssue[]; warnings?: RowIssue[] }[]): string {
  return [...rows]
    .sort((a, b) => a.line - b.line)
    .flatMap((row) => [
      ...row.errors.map((e) => `Line ${row.line}: ${oneLine(e.message)}`),
      ...(row.warnings ?? []).map((w) => `Line ${row.line}: warning: ${oneLine(w.message)}`),
    ])
    .join("\r\n")
    .concat("\r\n");
}
