import { z } from "zod";
import { routeOrganization } from "@/app/_lib/route-auth";
import { rowViewSchema, MAX_WINDOW, WINDOW } from "@/lib/import/preview/row-view";
import { getImport } from "@/lib/imports/queries";
import { listImportRowWindow, locateImportRow } from "@/lib/imports/row-window";
import { withErrorResponse } from "@/lib/http/errors";

const querySchema = rowViewSchema.extend({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_WINDOW).default(WINDOW),
  /** Where a line sits in the view, instead of a window (the Errors panel's "show me"). */
  locate: z.coerce.number().int().positive().optional(),
});

/**
 * One window of the preview's rows (GET, so that windows load side by side while the user
 * scrolls; server actions run one at a time). The view's filter, search and sort are in the query.
 */
export const GET = withErrorResponse(async function GET(request: Request, { params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const auth = await routeOrganization(org, "viewer");
  if (auth instanceof Response) return auth;
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: "That window of rows could not be read." }, { status: 400 });
  const found = await getImport({ db: auth.db, organizationId: auth.organization.id, importId: id });
  if (!found) return Response.json({ error: "Not found." }, { status: 404 });
  const { offset, limit, locate, ...view } = parsed.data;
  const headers = { "cache-control": "no-store" };
  if (locate !== undefined) return Response.json({ index: await locateImportRow({ db: auth.db, importId: id, view, line: locate }) }, { headers });
  return Response.json(await listImportRowWindow({ db: auth.db, importId: id, view, offset, limit }), { headers });
});
