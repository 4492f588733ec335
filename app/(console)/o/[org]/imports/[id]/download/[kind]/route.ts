import { download, XLSX_TYPE } from "@/app/_lib/download";
import { routeOrganization } from "@/app/_lib/route-auth";
import { getSecretBox } from "@/app/_lib/secrets";
import { ERRMSG_FILE_NAME, errmsgText } from "@/lib/import/reports/errmsg";
import { failedRowsWorkbook } from "@/lib/import/reports/failed-rows-xlsx";
import { resultCsv } from "@/lib/import/reports/result-csv";
import { rowProblems } from "@/lib/import/reports/row-problems";
import { hasRun } from "@/lib/imports/counters";
import { getImport, listImportRows, takeDeviceSecrets } from "@/lib/imports/queries";
import { withErrorResponse } from "@/lib/http/errors";

const baseName = (fileName: string | null) => (fileName ?? "import").replace(/\.[^.]+$/, "");

/** errmsg.txt, the annotated failed rows, and the results (with device secrets the first time only). */
// Thrown errors answer 500 with a request id; the detail stays in the server log.
export const GET = withErrorResponse(async function GET(_request: Request, { params }: { params: Promise<{ org: string; id: string; kind: string }> }) {
  const { org, id, kind } = await params;
  const auth = await routeOrganization(org, kind === "results" ? "operator" : "viewer");
  if (auth instanceof Response) return auth;
  const found = await getImport({ db: auth.db, organizationId: auth.organization.id, importId: id });
  if (!found) return Response.json({ error: "Not found." }, { status: 404 });
  const rows = await listImportRows({ db: auth.db, importId: id });
  // Rows the user removed in the preview are not the file's errors any more (the results still list them, skipped).
  const kept = rows.filter((r) => !r.removed);
  switch (kind) {
    case "errmsg":
      return download(errmsgText(kept.map((r) => ({ ...r, errors: rowProblems(r) }))), ERRMSG_FILE_NAME, "text/plain; charset=utf-8");
    case "failed": {
      const bytes = await failedRowsWorkbook({ header: found.import.header, rows: kept.map((r) => ({ ...r, errors: rowProblems(r) })) });
      return download(bytes as BodyInit, `${baseName(found.import.fileName)}-failed-rows.xlsx`, XLSX_TYPE);
    }
    case "results": {
      if (!hasRun(found.import.status)) return Response.json({ error: "The import has not run yet." }, { status: 409 });
      const secrets = await takeDeviceSecrets({ db: auth.db, importId: id, secrets: getSecretBox() });
      const text = resultCsv(
        rows.map((r) => ({
          line: r.line,
          deviceKey: r.deviceKey,
          operation: r.operation,
          outcome: r.outcome,
          code: r.outcomeCode ?? r.errors[0]?.code ?? null,
          message: r.outcomeMessage ?? (r.errors.length ? r.errors.map((e) => e.message).join("; ") : null),
          assetId: r.assetId,
          deviceSecret: secrets.get(r.line) ?? null,
        })),
      );
      return download(text, `${baseName(found.import.fileName)}-results.csv`, "text/csv; charset=utf-8");
    }
    default:
      return Response.json({ error: "Not found." }, { status: 404 });
  }
});
