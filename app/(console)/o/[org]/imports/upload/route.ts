import { routeOrganization } from "@/app/_lib/route-auth";
import { requestCrossSite } from "@/app/_lib/same-origin";
import { getSecretBox } from "@/app/_lib/secrets";
import { isTextEncoding } from "@/lib/import/read";
import { withErrorResponse } from "@/lib/http/errors";
import { formDataOf, readCappedBody } from "@/lib/http/read-capped-body";
import { crossSiteMessage } from "@/lib/http/same-origin";
import { safeFileName } from "@/lib/http/safe-file-name";
import { createHash } from "node:crypto";
import { findStagedDuplicate } from "@/lib/imports/discard";
import { formatDateTime } from "@/lib/format";
import { stageImport } from "@/lib/imports/stage";
import { mappingOffer } from "@/lib/imports/column-mappings";
import { columnMappingSchema, type ColumnMapping } from "@/lib/import/mapping/mapping";
import { getProductByKey } from "@/lib/products/queries";
import { takeRateLimit } from "@/lib/rate-limit/take";

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const refused = (code: string, message: string, status = 422) => Response.json({ error: { code, message } }, { status });

/** The dropzone posts here (XHR, for upload progress): read, validate and stage; nothing is written to devices. */
export const POST = withErrorResponse(async (request: Request, { params }: { params: Promise<{ org: string }> }) => {
  // The session cookie rides along on any site's form post: only our own pages may upload.
  const crossSite = requestCrossSite(request);
  if (crossSite) {
    console.warn(`Upload refused: ${crossSite}`);
    return refused("CROSS_SITE", crossSiteMessage, 403);
  }
  const { org } = await params;
  const auth = await routeOrganization(org, "operator");
  if (auth instanceof Response) return auth;
  const { organization } = auth;
  const rate = await takeRateLimit({ db: auth.db, key: `user:${auth.user.id}:${organization.id}`, limit: organization.userImportsPerMinute });
  if (!rate.ok) {
    const message = `You started more than ${organization.userImportsPerMinute} uploads or imports in a minute. Try again in ${rate.retryAfterSeconds} s.`;
    return Response.json({ error: { code: "RATE_LIMITED", message } }, { status: 429, headers: { "retry-after": String(rate.retryAfterSeconds) } });
  }
  // Counted while streaming: an over-limit body is refused before it is held, with or without Content-Length.
  const body = await readCappedBody(request, organization.maxBytesPerFile);
  if (!body.ok) return refused(body.code, body.message, body.status);
  let form: FormData;
  try {
    form = await formDataOf(body.bytes, request.headers.get("content-type") ?? "");
  } catch {
    return refused("BAD_REQUEST", "The upload could not be read. Try again.", 400);
  }
  const file = form.get("file");
  const productKey = form.get("productKey");
  if (!(file instanceof File)) return refused("BAD_REQUEST", "Choose a file to upload.", 400);
  if (typeof productKey !== "string") return refused("BAD_REQUEST", "Pick a product first.", 400);
  // "auto" (or nothing) detects the text encoding; otherwise the user's pick from the upload page.
  const encoding = form.get("encoding");
  if (typeof encoding === "string" && encoding !== "auto" && !isTextEncoding(encoding)) return refused("BAD_REQUEST", `Unknown text encoding "${encoding.slice(0, 40)}".`, 400);
  const product = await getProductByKey({ db: auth.db, organizationId: organization.id, productKey });
  if (!product) return refused("PRODUCT_NOT_FOUND", `Product ${productKey.slice(0, 100)} does not exist in ${organization.name}.`, 404);
  // No mapping: a foreign header is offered for mapping. A mapping: the file is read through it.
  const mappingField = form.get("mapping");
  let mapping: ColumnMapping | undefined;
  if (typeof mappingField === "string") {
    const parsed = columnMappingSchema.safeParse(parseJson(mappingField));
    if (!parsed.success) return refused("BAD_REQUEST", "The column mapping could not be read. Upload the file again.", 400);
    mapping = parsed.data;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  // The same bytes still awaiting confirmation: offer that import rather than a second copy (unless asked again).
  if (form.get("again") !== "1") {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const picked = typeof encoding === "string" && isTextEncoding(encoding) ? encoding : undefined;
    const duplicate = await findStagedDuplicate({ db: auth.db, organizationId: organization.id, productId: product.product.id, sha256, encoding: picked });
    if (duplicate) {
      const message = `This file was uploaded already (${duplicate.fileName ?? "same content"}, ${formatDateTime(duplicate.createdAt)}) and is awaiting confirmation.`;
      return Response.json({ error: { code: "DUPLICATE_STAGED", message, importId: duplicate.id } }, { status: 409 });
    }
  }
  const result = await stageImport({
    db: auth.db,
    organization,
    productId: product.product.id,
    actor: { userId: auth.user.id, isPlatformAdmin: auth.user.isPlatformAdmin },
    source: "console",
    secrets: getSecretBox(),
    file: { name: safeFileName(file.name), bytes },
    read: { encoding: typeof encoding === "string" && isTextEncoding(encoding) ? encoding : undefined },
    mapping: mapping ? { apply: mapping } : { offer: true },
  });
  if (!result.ok && result.error.foreign) {
    const offer = await mappingOffer({ db: auth.db, organizationId: organization.id, productId: product.product.id, foreign: result.error.foreign, attributes: product.model.attributes });
    return Response.json({ needsMapping: offer }, { status: 200 });
  }
  if (!result.ok) return refused(result.error.code, result.error.message);
  return Response.json({ importId: result.value.importId, summary: result.value.summary }, { status: 201 });
});
