import { z } from "zod";
import { routeOrganization } from "@/app/_lib/route-auth";
import { getImport } from "@/lib/imports/queries";
import { issueKinds, listImportIssues } from "@/lib/imports/row-window";
import { withErrorResponse } from "@/lib/http/errors";

const querySchema = z.object({
  kind: z.enum(issueKinds).default("errors"),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** A page of the import's errors, warnings or failures at commit by line: the Errors panel never loads them all. */
export const GET = withErrorResponse(async function GET(request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const auth = await routeOrganization(org, "viewer");
  if (auth instanceof Response) return auth;
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "That page of issues could not be read." }, { status: 400 });
  const found = await getImport({ db: auth.db, organizationId: auth.organization.id, importId: id });
  if (!found) return Response.json({ error: "Not found." }, { status: 404 });
  const issues = await listImportIssues({ db: auth.db, importId: id, ...parsed.data });
  return Response.json({ issues }, { headers: { "cache-control": "no-store" } });
});
