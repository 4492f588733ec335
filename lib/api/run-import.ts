import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { imports } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secret-box";
import { formatBytes } from "@/lib/import/limits";
import type { FileRefusal } from "@/lib/import/refusal";
import { commitImport } from "@/lib/imports/commit";
import { listImportRows } from "@/lib/imports/queries";
import { stageImport } from "@/lib/imports/stage";
import type { ApiCaller } from "./auth";

export type ApiFile = { name: string; bytes: Uint8Array };

/** The CSV of an API call: a multipart `file` part, or the body itself (text/csv). */
export async function readApiFile(request: Request, maxBytes: number): Promise<ApiFile | FileRefusal> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes + 64 * 1024) {
    return { code: "FILE_TOO_LARGE", message: `The request is larger than ${formatBytes(maxBytes)}, the limit per file.` };
  }
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.startsWith("multipart/form-data")) {
      const file = (await request.formData()).get("file");
      if (!(file instanceof File)) return { code: "EMPTY_FILE", message: 'The multipart request has no "file" part.' };
      return { name: file.name || "upload.csv", bytes: new Uint8Array(await file.arrayBuffer()) };
    }
    return { name: "request.csv", bytes: new Uint8Array(await request.arrayBuffer()) };
  } catch {
    return { code: "CORRUPT_FILE", message: "The request body could not be read." };
  }
}

/** Stages the file as an import of the caller (shown in the console's history) and runs it now. */
export async function runApiImport({ db, caller, productId, file, secrets }: { db: Db; caller: ApiCaller; productId: string | null; file: ApiFile; secrets: SecretBox }) {
  const staged = await stageImport({
    db,
    organization: caller.organization,
    productId,
    actor: { serviceAccountId: caller.account.id, isPlatformAdmin: false },
    source: "api",
    secrets,
    file,
  });
  if (!staged.ok) return staged;
  await commitImport({ db, importId: staged.value.importId, organization: caller.organization, isPlatformAdmin: false, secrets });
  const [imp] = await db.select().from(imports).where(eq(imports.id, staged.value.importId));
  return { ok: true as const, value: { imp: imp!, rows: await listImportRows({ db, importId: staged.value.importId }) } };
}

/** 500 without internals: the detail goes to the server log under a request id. */
export function internalError(error: unknown) {
  const requestId = crypto.randomUUID();
  console.error(`API request ${requestId} failed:`, error);
  return Response.json({ error: "Internal Server Error", message: "An unexpected error was encountered.", requestId }, { status: 500 });
}
