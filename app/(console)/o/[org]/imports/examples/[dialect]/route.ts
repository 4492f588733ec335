import { download } from "@/app/_lib/download";
import { routeOrganization } from "@/app/_lib/route-auth";
import { exampleFile } from "@/lib/import/examples";
import { withErrorResponse } from "@/lib/http/errors";

// Thrown errors answer 500 with a request id; the detail stays in the server log.
export const GET = withErrorResponse(async function GET(request: Request, { params }: { params: Promise<{ org: string; dialect: string }> }) {
  const { org, dialect } = await params;
  const auth = await routeOrganization(org, "viewer");
  if (auth instanceof Response) return auth;
  if (dialect !== "c8y_bulk" && dialect !== "device_csv") return Response.json({ error: "Not found." }, { status: 404 });
  const productKey = new URL(request.url).searchParams.get("product") ?? "PRODUCT_KEY";
  const file = exampleFile(dialect, { organization: auth.organization.slug, productKey });
  return download(file.text, file.name, "text/csv; charset=utf-8");
});
