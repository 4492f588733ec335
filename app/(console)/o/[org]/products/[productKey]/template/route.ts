import { and, eq } from "drizzle-orm";
import { download, XLSX_TYPE } from "@/app/_lib/download";
import { routeOrganization } from "@/app/_lib/route-auth";
import { devices } from "@/db/schema";
import { buildTemplate, templateFileName } from "@/lib/import/template";
import { getProductByKey } from "@/lib/products/queries";
import { withErrorResponse } from "@/lib/http/errors";

/** Template_<productKey>.xlsx, empty or with an existing device (?device=KEY) in row 3. */
// Thrown errors answer 500 with a request id; the detail stays in the server log.
export const GET = withErrorResponse(async function GET(request: Request, { params }: { params: Promise<{ org: string; productKey: string }> }) {
  const { org, productKey } = await params;
  const auth = await routeOrganization(org, "viewer");
  if (auth instanceof Response) return auth;
  const found = await getProductByKey({ db: auth.db, organizationId: auth.organization.id, productKey: decodeURIComponent(productKey) });
  if (!found) return Response.json({ error: "Product not found." }, { status: 404 });
  const deviceKey = new URL(request.url).searchParams.get("device");
  let device;
  if (deviceKey) {
    [device] = await auth.db
      .select()
      .from(devices)
      .where(and(eq(devices.organizationId, auth.organization.id), eq(devices.productId, found.product.id), eq(devices.deviceKey, deviceKey)));
    if (!device) return Response.json({ error: `Product ${found.product.productKey} has no device "${deviceKey}".` }, { status: 404 });
  }
  const bytes = await buildTemplate({
    product: { productKey: found.product.productKey, name: found.product.name, modelName: found.model.name, attributes: found.model.attributes },
    device: device && { deviceKey: device.deviceKey, name: device.name, timezone: device.timezone, attributes: device.attributes },
    rows: auth.organization.maxRowsPerFile,
  });
  return download(bytes as BodyInit, templateFileName(found.product.productKey), XLSX_TYPE);
});
