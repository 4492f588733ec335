import { routeOrganization } from "@/app/_lib/route-auth";
import { getImport } from "@/lib/imports/queries";
import { withErrorResponse } from "@/lib/http/errors";
import { importCounters } from "@/lib/imports/counters";

/**
 * What the result page polls while an import waits or runs. Polling starts nothing: a worker runs
 * the job, and one cut off is run again by the queue after its expiry.
 */
// Thrown errors answer 500 with a request id; the detail stays in the server log.
export const GET = withErrorResponse(async function GET(_request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const auth = await routeOrganization(org, "viewer");
  if (auth instanceof Response) return auth;
  const found = await getImport({ db: auth.db, organizationId: auth.organization.id, importId: id });
  if (!found) return Response.json({ error: "Not found." }, { status: 404 });
  const { status, processedRows, totalRows, validRows, createdCount, updatedCount, deletedCount, credentialUpdatedCount, failedCount, skippedCount, startedAt, cancelRequestedAt, error } = found.import;
  // counters and error: what the result panel shows, so that it shows with the poll that sees the import settle.
  return Response.json(
    { status, processedRows, totalRows, validRows, createdCount, updatedCount, deletedCount, credentialUpdatedCount, failedCount, skippedCount, startedAt, cancelling: cancelRequestedAt !== null, counters: importCounters(found.import), error, now: new Date() },
    { headers: { "cache-control": "no-store" } },
  );
});
