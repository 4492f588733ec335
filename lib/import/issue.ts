/** A problem with one row: the column it is in (null for the whole row), a code, and what to do. */
export type RowIssue = { column: string | null; code: IssueCode; message: string };

export const issueCodes = [
  "REQUIRED",
  "DEVICE_KEY_FORMAT",
  "DEVICE_NAME_FORMAT",
  "TIMEZONE_INVALID",
  "TOO_LONG",
  "NOT_AN_INTEGER",
  "NOT_A_NUMBER",
  "OUT_OF_RANGE",
  "NOT_A_BOOLEAN",
  "NOT_ALLOWED_VALUE",
  "NOT_A_DATE",
  "NOT_A_TIMESTAMP",
  "LOST_PRECISION",
  "ICCID_FORMAT",
  "TAGS_FORMAT",
  "METADATA_FORMAT",
  "DELETE_AND_UPDATE",
  "DUPLICATE_DEVICE_KEY",
  "DUPLICATE_ICCID",
  "DUPLICATE_EXTERNAL_ID",
  "DEVICE_KEY_EXISTS",
  "DEVICE_NOT_FOUND",
  "DEVICE_OF_OTHER_PRODUCT",
  "ICCID_TAKEN",
  "EXTERNAL_ID_TAKEN",
  "PRODUCT_NOT_FOUND",
  "PRODUCT_LIMIT_REACHED",
  "ORGANIZATION_LIMIT_REACHED",
  "ORGANIZATION_NOT_ALLOWED",
  "PARENT_NOT_FOUND",
  "SIM_WITHOUT_ICCID",
  "COLUMN_IGNORED",
  "UNCLOSED_QUOTE",
  "COLUMN_COUNT",
  "CELL_TOO_LONG",
  "CONTROL_CHARACTER",
  "DEVICE_KEY_CASE",
  "INVALID_VALUE",
  "OUT_OF_ORDER",
  "OTHER_PRODUCT",
  "MASKED_SECRET",
  "REQUIRED_ATTRIBUTES_MISSING",
  // Why a row failed at commit (after its preview): see commitFailureCodes.
  "DEVICE_KEY_TAKEN",
  "DEVICE_GONE",
  "STALE_DEVICE",
  "VALUE_TOO_LONG",
  "PARENT_NOT_WRITTEN",
  "WRITE_FAILED",
  "ROLLED_BACK",
] as const;
export type IssueCode = (typeof issueCodes)[number];

export const issue = (column: string | null, code: IssueCode, message: string): RowIssue => ({ column, code, message });

/**
 * Problems found while reading the file, not in the cells as stored: a staged row keeps them when it
 * is checked again (after an edit elsewhere, at commit) until the user edits that row (or column).
 */
export const readIssueCodes: ReadonlySet<IssueCode> = new Set<IssueCode>(["UNCLOSED_QUOTE", "COLUMN_COUNT", "CELL_TOO_LONG", "CONTROL_CHARACTER", "OUT_OF_ORDER"]);

/** Codes a row gets when it fails at commit, i.e. after its preview showed it valid. */
export const commitFailureCodes = ["DEVICE_KEY_TAKEN", "ICCID_TAKEN", "EXTERNAL_ID_TAKEN", "VALUE_TOO_LONG", "DEVICE_GONE", "STALE_DEVICE", "PARENT_NOT_WRITTEN", "WRITE_FAILED", "ROLLED_BACK"] as const satisfies IssueCode[];
export type CommitFailureCode = (typeof commitFailureCodes)[number];
