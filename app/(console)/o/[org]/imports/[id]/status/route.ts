import { after } from "next/server";
import { routeOrganization } from "@/app/_lib/route-auth";
import { getSecretBox } from "@/app/_lib/secrets";
import { commitImport, isStaleImport } from "@/lib/imports/commit";
import { getImport } from "@/lib/imports/queries";
import { withErrorResponse } from "@/lib/http/errors";

/** What the result page polls while an import runs. */
// Thrown errors answer 500 with a request id; the detail stays in the server log.
export const GET = withErrorResponse(async function GET(_request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const auth = await routeOrganization(org, "viewer");
  if (auth instanceof Response) return auth;
  const found = await getImport({ db: auth.db, organizationId: auth.organization.id, importId: id });
  if (!found) return Response.json({ error: "Not found." }, { status: 404 });
  // The server that ran it stopped half-way: the page polling it resumes it (the claim is atomic).
  if (isStaleImport(found.import)) {
    const { db, organization, user } = auth;
    after(() => commitImport({ db, importId: id, organization, isPlatformAdmin: user.isPlatformAdmin, secrets: getSecretBox() }));
  }
  const { status, processedRows, totalRows, createdCount, updatedCount, deletedCount, credentialUpdatedCount, failedCount, skippedCount } = found.import;
  return Response.json({ status, processedRows, totalRows, createdCount, updatedCount, deletedCount, credentialUpdatedCount, failedCount, skippedCount }, { headers: { "cache-control": "no-store" } });
});
