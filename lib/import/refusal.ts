import type { ForeignHeader } from "./mapping/foreign";

/** Why a whole file (or request) is refused before any row is looked at. Nothing is stored. */
export type FileRefusal = {
  code: RefusalCode;
  message: string;
  /** NEEDS_MAPPING: the file's own header, samples and suggested targets, for the mapping step. */
  foreign?: ForeignHeader;
};

export type RefusalCode =
  | "EMPTY_FILE"
  | "FILE_TOO_LARGE"
  | "TOO_MANY_ROWS"
  | "NO_DATA_ROWS"
  | "NOT_A_SPREADSHEET"
  | "MACRO_WORKBOOK"
  | "ENCRYPTED_WORKBOOK"
  | "LEGACY_XLS"
  | "ZIP_BOMB"
  | "CORRUPT_FILE"
  | "UNKNOWN_DIALECT"
  | "NEEDS_MAPPING"
  | "WRONG_PRODUCT"
  | "BAD_HEADER"
  | "CELL_OUTSIDE_GRID"
  | "TOO_MANY_STRINGS"
  | "CELL_TOO_LONG"
  | "BINARY_CONTENT"
  | "READ_TIMEOUT"
  | "READ_OUT_OF_MEMORY";

export const refuse = (code: RefusalCode, message: string): FileRefusal => ({ code, message });

/** More device rows than the organization allows per file: said the same whichever reader stops first. */
export const tooManyRows = (max: number) => {
  const n = max.toLocaleString("en-US");
  return refuse("TOO_MANY_ROWS", `The file has more than ${n} device rows; at most ${n} are allowed per file. Split it into files of up to ${n} rows and upload them one at a time.`);
};

export type Result<T, E = FileRefusal> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });
