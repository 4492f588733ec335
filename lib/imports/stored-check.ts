import type { DeviceChange, RowResult } from "@/lib/import/command";
import type { SecretBox } from "@/lib/crypto/secret-box";

/** A valid row as checked when staged (or last edited): what the commit writes, without checking its cells again. */
export type StoredCheck = { change: DeviceChange; columns: RowResult["columns"] };

/** The fields of a change that hold passwords: kept sealed apart, like the cells they came from. */
const passwordFields = ["credentials", "mqttPassword", "smsPassword"] as const satisfies readonly (keyof DeviceChange)[];
type Passwords = Pick<DeviceChange, (typeof passwordFields)[number]>;

/** The row's checked change as stored: passwords sealed apart (null when the row is invalid or has none). */
export function storeCheck(row: RowResult, secrets: SecretBox): { checked: StoredCheck | null; sealedChange: string | null } {
  if (!row.change) return { checked: null, sealedChange: null };
  const change = { ...row.change };
  const passwords: Passwords = {};
  for (const field of passwordFields) {
    if (change[field] === undefined) continue;
    passwords[field] = change[field];
    delete change[field];
  }
  const sealedChange = Object.keys(passwords).length > 0 ? secrets.seal(JSON.stringify(passwords)) : null;
  return { checked: { change, columns: row.columns }, sealedChange };
}

/** A staged row as the commit sees it: no cells (they were checked), its change or null. */
export const committedRow = (line: number, operation: RowResult["operation"], deviceKey: string | null, change: DeviceChange | null, columns: RowResult["columns"] = {}): RowResult => ({
  line,
  operation,
  deviceKey,
  cells: {},
  change,
  errors: [],
  warnings: [],
  conversions: [],
  columns,
});

/** A staged valid row back as the row the commit writes: its change with its passwords again. */
export function checkedRow(
  stored: { line: number; operation: RowResult["operation"]; deviceKey: string | null; checked: StoredCheck; sealedChange: string | null },
  secrets: SecretBox,
): RowResult {
  const passwords = stored.sealedChange ? (JSON.parse(secrets.open(stored.sealedChange)) as Passwords) : {};
  return committedRow(stored.line, stored.operation, stored.deviceKey, { ...stored.checked.change, ...passwords }, stored.checked.columns);
}
