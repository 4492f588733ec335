import { normalizeHeader } from "./dialects/columns";

/** Columns that carry device passwords: never shown, never kept once the import has run. */
const SECRET_HEADERS = new Set(["credentials", "sms command password", "mqtt password"]);

export const MASKED = "••••••";

export const isSecretColumn = (header: string) => SECRET_HEADERS.has(normalizeHeader(header));

/** The cells with secret values replaced by MASKED, and the secrets apart (null when none). */
export function splitSecrets(cells: Record<string, string>): { shown: Record<string, string>; secrets: Record<string, string> | null } {
  const shown: Record<string, string> = { ...cells };
  const secrets: Record<string, string> = {};
  for (const [column, value] of Object.entries(cells)) {
    if (value !== "" && isSecretColumn(column)) {
      secrets[column] = value;
      shown[column] = MASKED;
    }
  }
  return { shown, secrets: Object.keys(secrets).length > 0 ? secrets : null };
}
