import { formatBytes, type ImportLimits } from "../limits";
import { refuse, type FileRefusal, type Result } from "../refusal";
import { readCsv } from "./csv";
import type { TextEncoding } from "./encoding";
import { ROW_SLACK, type Sheet } from "./sheet";
import { sniffFormat } from "./sniff";
import { readXlsx } from "./xlsx";

export type { Sheet, SheetRow, FileWarning } from "./sheet";
export { encodingNames, isTextEncoding, textEncodings, type TextEncoding } from "./encoding";

export type ReadOptions = {
  /** The text encoding the user picked on the upload page; detected when absent ("Auto"). */
  encoding?: TextEncoding;
};

/** Bytes to rows, refusing anything unsafe or over the limits before it is expanded. */
export function readSheet(bytes: Uint8Array, limits: ImportLimits, options: ReadOptions = {}): Result<Sheet> {
  if (bytes.length > limits.maxBytes) {
    return { ok: false, error: refuse("FILE_TOO_LARGE", `The file is ${formatBytes(bytes.length)}; at most ${formatBytes(limits.maxBytes)} are allowed per file. Split it into smaller files.`) };
  }
  const format = sniffFormat(bytes);
  if (format.kind === "refused") return { ok: false, error: format.refusal };
  let sheet: Sheet | FileRefusal;
  if (format.kind === "zip") {
    sheet = readXlsx(bytes, limits);
  } else {
    sheet = readCsv(bytes, limits.maxRows + ROW_SLACK, options.encoding);
  }
  return "code" in sheet ? { ok: false, error: sheet } : { ok: true, value: sheet };
}
