import type { CommitFailureCode, IssueCode } from "@/lib/import/issue";

export type WriteFailure = { code: CommitFailureCode; message: string };

/** The driver's error under drizzle's wrapper (DrizzleQueryError keeps it as `cause`). */
type DriverError = { code?: string; constraint?: string; message?: string; detail?: string; table?: string; cause?: DriverError };
const driverError = (error: unknown): DriverError => {
  const outer = (error ?? {}) as DriverError;
  return outer.cause && typeof outer.cause === "object" ? outer.cause : outer;
};

/** What an index or constraint holds, in the user's words, by the name the schema gives it. */
const FIELDS: [RegExp, string][] = [
  [/external_ids/, "an external ID"],
  [/device_groups/, "the group path"],
  [/devices_org_key/, "the device key"],
  [/sims/, "the ICCID"],
];
const fieldOf = (text: string) => FIELDS.find(([pattern]) => pattern.test(text))?.[1] ?? "a value";

/**
 * A database error on one row, as a code and a sentence the user can act on. The error itself
 * (SQL, parameters) goes to the server log under `reference`; none of it is in the sentence.
 */
export function writeFailure(error: unknown, reference: string): WriteFailure {
  const e = driverError(error);
  const where = `${e.constraint ?? ""} ${e.message ?? ""}`;
  switch (e.code) {
    case "23505":
      if (/devices_org_key/.test(where)) return { code: "DEVICE_KEY_TAKEN", message: "The device key was taken by another import meanwhile; the row was not written" };
      if (/sims/.test(where)) return { code: "ICCID_TAKEN", message: "The ICCID was taken by another device meanwhile; the row was not written" };
      if (/external_ids/.test(where)) return { code: "EXTERNAL_ID_TAKEN", message: "An external ID of this row was taken by another device meanwhile; the row was not written" };
      break;
    // 54000: an index row over PostgreSQL's limit (2,704 bytes); 22001: a value longer than its column.
    case "54000":
    case "22001":
      return { code: "VALUE_TOO_LONG", message: `${capitalize(fieldOf(where))} of this row is too long to be stored; shorten it and import the row again. Nothing of the row was written` };
    case "23503":
      return { code: "DEVICE_GONE", message: "A device this row refers to was deleted meanwhile; the row was not written" };
  }
  return { code: "WRITE_FAILED", message: `The database refused this row (reference ${reference}); nothing of it was written` };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A row valid in the preview but not at commit: the check that now fails names why. */
export const commitCodeOf = (code: IssueCode): IssueCode => (code === "DEVICE_KEY_EXISTS" ? "DEVICE_KEY_TAKEN" : code === "DEVICE_NOT_FOUND" ? "DEVICE_GONE" : code);

/**
 * What the server log gets: the database's own words and the statement, never its parameters
 * (they hold the row's values, credential hashes and sealed secrets).
 */
export function loggableError(error: unknown) {
  const e = driverError(error);
  const query = (error as { query?: unknown }).query;
  return { code: e.code, message: e.message, constraint: e.constraint, detail: e.detail, table: e.table, query: typeof query === "string" ? query.slice(0, 500) : undefined };
}
