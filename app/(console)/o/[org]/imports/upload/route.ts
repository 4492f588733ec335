import { routeOrganization } from "@/app/_lib/route-auth";
import { getSecretBox } from "@/app/_lib/secrets";
import { formatBytes } from "@/lib/import/limits";
import { isTextEncoding } from "@/lib/import/read";
import { stageImport } from "@/lib/imports/stage";
import { getProductByKey } from "@/lib/products/queries";

const refused = (code: string, message: string, status = 422) => Response.json({ error: { code, message } }, { status });

/** The dropzone posts here (XHR, for upload progress): read, validate and stage; nothing is written to devices. */
export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const auth = await routeOrganization(org, "operator");
  if (auth instanceof Response) return auth;
  const max = auth.organization.maxBytesPerFile;
  // Refuse before reading the body: the multipart envelope adds a few KB at most.
  if (Number(request.headers.get("content-length") ?? 0) > max + 64 * 1024) {
    return refused("FILE_TOO_LARGE", `The file is larger than ${formatBytes(max)}, the limit per file. Split it into smaller files.`, 413);
  }
  let form: FormData;
  try {
    form = await request.formData();
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
  const product = await getProductByKey({ db: auth.db, organizationId: auth.organization.id, productKey });
  if (!product) return refused("PRODUCT_NOT_FOUND", `Product ${productKey} does not exist in ${auth.organization.name}.`, 404);
  const result = await stageImport({
    db: auth.db,
    organization: auth.organization,
    productId: product.product.id,
    actor: { userId: auth.user.id, isPlatformAdmin: auth.user.isPlatformAdmin },
    source: "console",
    secrets: getSecretBox(),
    file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
    read: { encoding: typeof encoding === "string" && isTextEncoding(encoding) ? encoding : undefined },
  });
  if (!result.ok) return refused(result.error.code, result.error.message);
  return Response.json({ importId: result.value.importId, summary: result.value.summary }, { status: 201 });
}
