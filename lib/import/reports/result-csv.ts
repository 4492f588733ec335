import { csvText } from "./csv-text";

export type ResultRow = {
  line: number;
  deviceKey: string | null;
  operation: string;
  outcome: string;
  /** Why the row failed at commit (DEVICE_KEY_TAKEN, …), or its first error's code. */
  code?: string | null;
  message: string | null;
  assetId?: string | null;
  /** Present only in the download made right after the import: secrets are shown once. */
  deviceSecret?: string | null;
};

/** The per-row result of an import; the secret column exists only when secrets are given. */
export function resultCsv(rows: ResultRow[]): string {
  const withSecrets = rows.some((r) => r.deviceSecret);
  const header = ["Line", "Device Key", "Operation", "Outcome", "Code", "Message", "Asset ID", ...(withSecrets ? ["Device Secret"] : [])];
  return csvText([
    header,
    ...rows.map((r) => [r.line, r.deviceKey, r.operation, r.outcome, r.code ?? null, r.message, r.assetId, ...(withSecrets ? [r.deviceSecret] : [])]),
  ]);
}
