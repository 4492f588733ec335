import type { Db } from "@/db/client";
import type { SecretBox } from "@/lib/crypto/secret-box";
import type { RowIssue } from "@/lib/import/issue";
import type { FileWarning } from "@/lib/import/read";
import { changeCounts, rowChangesForApi } from "@/lib/imports/api-changes";
import { checkUpload } from "@/lib/imports/check-upload";
import { authenticateRequest, type ApiCaller } from "./auth";
import { cancelImport, commitApiImport, internalError, readApiFile, stageApiFile } from "./run-import";

const issues = (rows: { line: number; deviceKey: string | null; errors?: RowIssue[]; warnings?: RowIssue[] }[], key: "errors" | "warnings") =>
  rows.flatMap((r) => (r[key] ?? []).map((i) => ({ line: r.line, device_unique_id: r.deviceKey, column: i.column, code: i.code, message: i.message })));

/** About the whole file (a guessed encoding): listed first, on the header's line 1. */
const fileIssues = (warnings: FileWarning[] = []) => warnings.map((w) => ({ line: 1, device_unique_id: null, column: null, code: w.code, message: w.message }));

const badRequest = (message: string, code = "BAD_REQUEST") =>
  code === "FILE_TOO_LARGE" ? Response.json({ error: "Payload Too Large", code, message }, { status: 413 }) : Response.json({ error: "Bad Request", code, message }, { status: 400 });

/** Seed 003: "Maximum 1000 devices per upload", whatever the organization's file limit (which may be lower). */
export const MAX_DEVICES_PER_UPLOAD = 1000;
const withUploadLimit = (caller: ApiCaller): ApiCaller => ({ ...caller, organization: { ...caller.organization, maxRowsPerFile: Math.min(caller.organization.maxRowsPerFile, MAX_DEVICES_PER_UPLOAD) } });

/** Lines the reader could not split into the header's columns: seed 003 calls the file malformed (400). */
export function malformedLines(rows: { line: number; errors: RowIssue[] }[]): number[] {
  return rows.filter((r) => r.errors.some((e) => e.code === "COLUMN_COUNT" || e.code === "UNCLOSED_QUOTE")).map((r) => r.line);
}
const malformed = (lines: number[]) =>
  badRequest(`The CSV is malformed: line${lines.length > 1 ? "s" : ""} ${lines.slice(0, 20).join(", ")}${lines.length > 20 ? ", …" : ""} ha${lines.length > 1 ? "ve" : "s"} an unclosed quote or not as many values as the header.`, "MALFORMED_CSV");
const NOT_DEVICE_CSV = "This endpoint takes the 21- or 25-column device CSV (seed 003); a Cumulocity bulk registration CSV goes to /devicecontrol/bulkNewDeviceRequests.";
const forbiddenAccounts = (accounts: string[]) =>
  Response.json({ error: "Forbidden", message: `You do not have access to one or more companies in the CSV: ${accounts.join(", ")}.` }, { status: 403 });

/** Seed 003's 403: any row naming an Account ID the caller may not act for refuses the whole file. */
function notAllowedAccounts(rows: { cells: Record<string, string>; errors: RowIssue[] }[]) {
  return [...new Set(rows.filter((r) => r.errors.some((e) => e.code === "ORGANIZATION_NOT_ALLOWED")).map((r) => r.cells["Account ID"] ?? ""))];
}

/** Validate-only: authenticate, read the CSV, validate it with the core; 400 for another dialect, 403 for foreign Account IDs. */
async function checkDeviceCsv(db: Db, request: Request) {
  const authenticated = await authenticateRequest(db, request);
  if (authenticated instanceof Response) return authenticated;
  const caller = withUploadLimit(authenticated);
  const file = await readApiFile(request, caller.organization.maxBytesPerFile);
  if ("code" in file) return badRequest(file.message, file.code);
  const result = await checkUpload({ db, organization: caller.organization, isPlatformAdmin: false, bytes: file.bytes });
  if (!result.ok) return badRequest(result.error.message, result.error.code);
  if (result.value.dialect !== "device_csv") return badRequest(NOT_DEVICE_CSV, "UNKNOWN_DIALECT");
  const broken = malformedLines(result.value.rows);
  if (broken.length > 0) return malformed(broken);
  const denied = notAllowedAccounts(result.value.rows);
  if (denied.length > 0) return forbiddenAccounts(denied);
  return { caller, file, validated: result.value };
}

/** POST /devices/csv_validate: errors and warnings per row; nothing is written. */
export async function handleCsvValidate(db: Db, request: Request): Promise<Response> {
  try {
    const checked = await checkDeviceCsv(db, request);
    if (checked instanceof Response) return checked;
    const { summary, rows, warnings: fileWarnings } = checked.validated;
    return Response.json({
      valid: summary.invalid === 0,
      total_rows: summary.total,
      valid_rows: summary.valid,
      invalid_rows: summary.invalid,
      errors: issues(rows, "errors"),
      warnings: [...fileIssues(fileWarnings), ...issues(rows, "warnings")],
      ...(await validateChanges(db, checked.caller.organization.id, checked.validated)),
    });
  } catch (error) {
    return internalError(error);
  }
}

/** Per valid row what an import would do to its device (before → after), and the count of each kind. */
async function validateChanges(db: Db, organizationId: string, validated: { rows: Parameters<typeof rowChangesForApi>[2]; header: string[] }) {
  const changes = await rowChangesForApi(db, organizationId, validated.rows, validated.header);
  return { change_counts: changeCounts(changes), changes };
}

/** POST /devices/csv: creates, updates and deletes per row; the bulk response with its SIM counters. */
export async function handleCsvImport(db: Db, request: Request, secrets: SecretBox): Promise<Response> {
  try {
    const authenticated = await authenticateRequest(db, request);
    if (authenticated instanceof Response) return authenticated;
    const caller = withUploadLimit(authenticated);
    const file = await readApiFile(request, caller.organization.maxBytesPerFile);
    if ("code" in file) return badRequest(file.message, file.code);
    // Validated once, while staging; a refused call is kept as a cancelled import, and writes no device.
    const staged = await stageApiFile({ db, caller, secrets, productId: null, file });
    if (!staged.ok) return badRequest(staged.error.message, staged.error.code);
    const { importId, dialect, rows: checked } = staged.value;
    if (dialect !== "device_csv") {
      await cancelImport({ db, importId, reason: NOT_DEVICE_CSV });
      return badRequest(NOT_DEVICE_CSV, "UNKNOWN_DIALECT");
    }
    const broken = malformedLines(checked);
    if (broken.length > 0) {
      await cancelImport({ db, importId, reason: `Refused: malformed CSV (lines ${broken.slice(0, 20).join(", ")})` });
      return malformed(broken);
    }
    const denied = notAllowedAccounts(checked);
    if (denied.length > 0) {
      const response = forbiddenAccounts(denied);
      await cancelImport({ db, importId, reason: `Refused: the file names companies the caller may not act for (${denied.join(", ")})` });
      return response;
    }
    const { imp, rows } = await commitApiImport({ db, caller, secrets, importId });
    // sims_failed: every SIM a row asked for (an ICCID on a create or update) and did not get, refused
    // at validation (the row never ran) or at commit (counted by the writer).
    const refusedSims = rows.filter((r) => r.outcome === "skipped" && r.operation !== "delete" && (r.cells["ICCID (SIM)"] ?? "").trim() !== "").length;
    const sims = { sims_created: imp.simsCreated, sims_updated: imp.simsUpdated, sims_deleted: imp.simsDeleted, sims_failed: imp.simsFailed + refusedSims };
    return Response.json({
      id: imp.id,
      status: imp.status,
      total: imp.totalRows,
      created: imp.createdCount,
      updated: imp.updatedCount,
      deleted: imp.deletedCount,
      failed: imp.failedCount + imp.invalidRows,
      errors: [
        ...issues(rows.filter((r) => r.outcome === "skipped"), "errors"),
        ...rows.filter((r) => r.outcome === "failed").map((r) => ({ line: r.line, device_unique_id: r.deviceKey, column: null, code: "FAILED", message: r.outcomeMessage ?? "Failed" })),
      ].sort((a, b) => a.line - b.line),
      warnings: [...fileIssues(imp.fileWarnings), ...issues(rows, "warnings")],
      // Seed 003: the SIM counters are there when SIM work happened.
      metadata: Object.values(sims).some((n) => n > 0) ? sims : {},
    });
  } catch (error) {
    return internalError(error);
  }
}
