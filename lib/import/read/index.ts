import { formatBytes, type ImportLimits } from "../limits";
import { refuse, type FileRefusal, type Result } from "../refusal";
import { readCsv } from "./csv";
import { ROW_SLACK, type Sheet } from "./sheet";
import { sniffFormat } from "./sniff";
import { readXlsx } from "./xlsx";

export type { Sheet, SheetRow } from "./sheet";

/** Bytes to rows, refusing anything unsafe or over the limits before it is expanded. */
export function readSheet(bytes: Uint8Array, limits: ImportLimits): Result<Sheet> {
  if (bytes.length > limits.maxBytes) {
    return { ok: false, error: refuse("FILE_TOO_LARGE", `The file is ${formatBytes(bytes.length)}; at most ${formatBytes(limits.maxBytes)} are allowed per file. Split it into smaller files.`) };
  }
  const format = sniffFormat(bytes);
  if (format.kind === "refused") return { ok: false, error: format.refusal };
  let sheet: Sheet | FileRefusal;
  if (format.kind === "zip") {
    sheet = readXlsx(bytes, limits);
  } else {
    sheet = readCsv(bytes, limits.maxRows + ROW_SLACK);
  }
  return "code" in sheet ? { ok: false, error: sheet } : { ok: true, value: sheet };
}
