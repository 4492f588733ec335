import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { products } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { authenticateRequest } from "./auth";
import { commitApiImport, internalError, readApiFile, stageApiFile } from "./run-import";

export const BULK_RESPONSE_TYPE = "application/vnd.com.nsn.cumulocity.bulknewdevicerequest+json;ver=0.9";

const badRequest = (message: string) => Response.json({ error: "devicecontrol/Bad Request", message }, { status: 400 });

/** Which product the registered devices join: ?productKey=, or the organization's only product. */
async function productFor(db: Db, organizationId: string, productKey: string | null) {
  const candidates = await db
    .select({ id: products.id, productKey: products.productKey })
    .from(products)
    .where(productKey ? and(eq(products.organizationId, organizationId), eq(products.productKey, productKey)) : eq(products.organizationId, organizationId));
  if (productKey) return candidates[0] ?? `Product "${productKey}" does not exist in this organization.`;
  return candidates.length === 1 ? candidates[0]! : "Name the product the devices belong to with ?productKey=…";
}

/** Seed 002's "line": the row as DeviceInfo, with the credentials masked. */
const deviceInfo = (cells: Record<string, string>) => {
  const get = (name: string) => Object.entries(cells).find(([k]) => k.toUpperCase() === name)?.[1] ?? "";
  return `DeviceInfo{id='${get("ID")}', credentials='***', tenant='${get("TENANT")}'}`;
};

/** POST /devicecontrol/bulkNewDeviceRequests (multipart `file`): 201 with the BulkNewDeviceRequest. */
export async function handleBulkNewDeviceRequests(db: Db, request: Request, secrets: SecretBox): Promise<Response> {
  try {
    const caller = await authenticateRequest(db, request);
    if (caller instanceof Response) return caller;
    const product = await productFor(db, caller.organization.id, new URL(request.url).searchParams.get("productKey"));
    if (typeof product === "string") return badRequest(product);
    if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return badRequest('Send the CSV as multipart/form-data with a "file" part.');
    const file = await readApiFile(request, caller.organization.maxBytesPerFile);
    if ("code" in file) return badRequest(file.message);
    const staged = await stageApiFile({ db, caller, secrets, productId: product.id, file });
    if (!staged.ok) return badRequest(staged.error.message);
    const { rows } = await commitApiImport({ db, caller, secrets, importId: staged.value.importId });
    const created = rows.filter((r) => r.outcome === "created");
    const updated = rows.filter((r) => r.outcome === "credential_updated");
    const failed = rows.filter((r) => r.outcome === "failed" || r.outcome === "skipped");
    const body = {
      numberOfAll: rows.length,
      numberOfCreated: created.length,
      numberOfFailed: failed.length,
      numberOfSuccessful: created.length + updated.length,
      credentialUpdatedList: updated.map((r) => ({ bulkNewDeviceStatus: "CREDENTIAL_UPDATED", deviceId: r.deviceKey })),
      failedCreationList: failed.map((r) => ({
        bulkNewDeviceStatus: "FAILED",
        ...(r.deviceKey ? { deviceId: r.deviceKey } : {}),
        failureReason: r.errors.length ? r.errors.map((e) => e.message).join("; ") : (r.outcomeMessage ?? "failure"),
        line: deviceInfo(r.cells),
      })),
    };
    return new Response(JSON.stringify(body), { status: 201, headers: { "content-type": BULK_RESPONSE_TYPE } });
  } catch (error) {
    return internalError(error);
  }
}
