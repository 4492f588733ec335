import type { Db } from "@/db/client";
import { getImport } from "@/lib/imports/queries";
import { rollbackImport } from "@/lib/imports/rollback";
import { authenticateRequest } from "./auth";
import { internalError } from "./run-import";

const problem = (status: 404 | 409, message: string) => Response.json({ error: status === 404 ? "Not Found" : "Conflict", code: status === 404 ? "IMPORT_NOT_FOUND" : "NOT_ROLLED_BACK", message }, { status });

/**
 * POST /devices/imports/{id}/rollback (admin keys): undoes a completed import of the caller's
 * organization from its before-images; devices changed since are skipped and listed.
 */
export async function handleImportRollback(db: Db, request: Request, importId: string): Promise<Response> {
  try {
    const caller = await authenticateRequest(db, request, { role: "admin" });
    if (caller instanceof Response) return caller;
    const found = await getImport({ db, organizationId: caller.organization.id, importId });
    if (!found) return problem(404, `No import ${importId.slice(0, 40)} in this organization.`);
    const result = await rollbackImport({ db, organizationId: caller.organization.id, importId: found.import.id, actor: { serviceAccountId: caller.account.id } });
    if (!result.ok) return problem(409, result.error);
    return Response.json({
      id: result.rollbackId,
      rollback_of: found.import.id,
      status: "completed",
      deleted: result.deleted,
      restored: result.restored,
      recreated: result.recreated,
      skipped: result.skipped.map((s) => ({ line: s.line, device_unique_id: s.deviceKey, code: s.code, message: s.message })),
    });
  } catch (error) {
    return internalError(error);
  }
}
